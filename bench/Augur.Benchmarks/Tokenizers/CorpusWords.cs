namespace Augur.Benchmarks.Tokenizers;

/// <summary>
/// Word material for <see cref="CorpusGenerator"/>, written for these benchmarks: each list is roughly in order of
/// frequency (commonest first), since the generator draws rank r with weight 1/(r + 2.7).
/// </summary>
internal static class CorpusWords
{
    public static readonly string[] English = Split("""
        the of and to a in is that for it was on with he as you be at by this had not are but from or have an they
        which one were her all she there would their we him been has when who will more no if out so said what up its
        about into than them can only other new some could time these two may then do first any my now such like our
        over man me even most made after also did many before must through back years where much your way well down
        should because each just those people how too little state good very make world still own see men work long
        get here between both life being under never day same another know while last might us great old year off come
        since against go came right used take three states himself few house use during without again place american
        around however home small found thought went say part once general high upon school every don't does got united
        left number course war until always away something fact though water less public put think almost hand enough
        far took head yet government system better set told nothing night end why called didn't eyes find going look
        asked later knew point next city business give group toward young days let room president side social given
        present several order national possible rather second face per among form important often things looked early
        white case john become large big need four within felt along children saw best church ever least power
        development light thing seemed family interest want members mind country area others done turned although
        open god service certain kind problem began different door thus help sense means whole matter perhaps itself
        york it's times law human line above name example action company hands local show whether five history gave
        today either act feet across taken past quite anything having seen death experience body word half really week
        car field money words already information tell together college shall sometimes table economic whose
        political clear knowledge cannot water result nature short air plan level evidence government board private
        moment community street lost heard book further behind market child research office able age figure cost
        society close free boy care voice period run south total girl form top policy mother likely study position
        music church sound true low real love art center job include program person keep father move control question
        road model design report class data engine memory token model weights layer matrix vector tensor kernel cache
        thread server request latency throughput batch queue buffer stream file format version release build test
        compile runtime method function value string array list map key index loop branch error warning exception
        harbour bakery morning boats gulls water salt bread oven counter customer door streets window rain lamp
        cyclist pavement radio jazz trumpet melody lighthouse journal storm rescue visitor expedition valley river
        barley village roof sun mountain forest island coast bridge tower garden kitchen table chair letter story
        teacher student doctor nurse farmer soldier captain driver pilot writer painter singer dancer judge lawyer
        bank price budget tax trade market shop store coffee tea sugar milk butter cheese apple orange lemon tomato
        garlic onion pepper olive basil flour egg chicken fish beef rice soup sauce salad wine beer glass cup plate
        spoon knife fork bottle box bag paper pen book page chapter poem song film play game team match goal score
        season winter spring summer autumn january february march april june july august september october november
        december monday tuesday wednesday thursday friday saturday sunday hour minute second clock calendar morning
        evening afternoon yesterday tomorrow tonight early late quickly slowly quietly carefully suddenly finally
        nearly usually probably simply certainly clearly exactly especially directly recently rarely gently bright
        dark cold warm hot cool wet dry heavy light soft hard smooth rough sharp quiet loud sweet bitter fresh
        ancient modern simple complex narrow wide deep shallow tall brief strange familiar famous hungry tired happy
        angry afraid proud brave calm careful curious eager gentle honest kind lazy lucky patient polite rude shy
        silly wise walk talk speak listen watch read write sing dance swim climb throw catch push pull carry hold
        open close begin start stop finish wait stay leave arrive return follow lead meet join share build break
        cut fix clean wash cook bake boil fry eat drink sleep wake dream remember forget believe understand explain
        describe discuss argue agree decide choose prefer hope wish expect imagine consider suggest recommend
        provide require include contain involve reduce increase improve compare measure estimate calculate
        produce replace remove receive deliver offer accept refuse allow prevent protect support manage develop
        """);

    public static readonly string[] Russian = Split("""
        и в не на я что он с как это по но они мы из у к она за то все так его от же вы было для о бы был только
        уже мне ещё нет если или ни быть когда даже ну вот до вдруг ли себя может чтобы там где есть надо ней для
        время человек год дело жизнь день рука раз работа слово место лицо друг глаз вопрос дом сторона страна мир
        случай голова ребёнок сила конец вид система часть город отношение женщина деньги земля машина вода отец
        проблема час право нога решение дверь образ история власть закон война бог голос тысяча книга возможность
        результат ночь стол имя область статья число компания народ жена группа развитие процесс суд условие
        средство начало свет пора путь душа уровень форма связь минута улица вечер качество мысль дорога мать
        действие месяц государство язык любовь взгляд мама век школа цель общество деятельность организация
        президент комната порядок момент театр письмо утро помощь ситуация роль рубль смысл состояние квартира
        новый большой хороший последний русский высокий молодой главный старый маленький белый сегодня завтра
        сказать говорить знать стать мочь хотеть видеть идти думать делать жить смотреть понимать сидеть стоять
        """);

    public static readonly string[] Chinese = Split("""
        的 一 是 不 了 在 人 有 我 他 这 个 们 中 来 上 大 为 和 国 地 到 以 说 时 要 就 出 会 可 也 你 对 生 能 而 子
        我们 他们 时间 没有 一个 什么 自己 这个 中国 知道 可以 现在 已经 因为 所以 但是 如果 还是 问题 工作 发展
        社会 经济 国家 政府 企业 市场 技术 系统 数据 模型 计算 学习 研究 教育 学生 老师 学校 大学 医院 医生
        城市 农村 北京 上海 天气 今天 明天 昨天 早上 晚上 朋友 家庭 孩子 父母 妈妈 爸爸 东西 地方 世界 历史
        文化 语言 文字 音乐 电影 电脑 手机 网络 公司 银行 价格 生活 健康 运动 旅行 火车 飞机 汽车 道路 房子
        开始 结束 继续 需要 希望 喜欢 觉得 认为 应该 可能 一定 非常 特别 比较 重要 简单 容易 困难 美丽 安静
        吃饭 喝茶 咖啡 米饭 面条 水果 苹果 蔬菜 鸡蛋 牛奶 春天 夏天 秋天 冬天 山 水 河 海 花 树 风 雨 雪 月
        """);

    public static readonly string[] Japanese = Split("""
        これ それ あれ する ある いる なる できる 言う 思う 見る 行く 来る 食べる 飲む 私 あなた 彼 彼女 日本 東京
        時間 今日 明日 天気 学校 先生 学生 会社 電車 駅 本 水 山 川 花 猫 犬 ありがとう こんにちは すみません
        コンピュータ データ モデル テスト サーバー ネットワーク プログラム コーヒー ラーメン
        """);

    public static readonly string[] Korean = Split("""
        나 너 우리 그 이 저 사람 시간 오늘 내일 학교 선생님 학생 회사 친구 가족 집 물 밥 책 한국 서울 사랑 생각
        하다 있다 없다 되다 보다 가다 오다 먹다 마시다 좋다 크다 작다 많다 감사합니다 안녕하세요 데이터 모델
        """);

    public static readonly string[] Arabic = Split("""
        في من على إلى أن عن مع هذا هذه التي الذي كان قال كل بين بعد قبل عند حتى لا ما لم لن هو هي هم نحن أنا
        يوم سنة وقت عمل بيت مدينة بلد دولة حكومة شعب عالم تاريخ لغة كتاب مدرسة جامعة طالب معلم طبيب مستشفى
        ماء خبز قهوة شاي سوق مال سعر شركة بنك سيارة طريق بحر جبل نهر شمس قمر ليل نهار صباح مساء رجل امرأة
        طفل أب أم أخ أخت صديق كبير صغير جديد قديم جميل طويل قصير كثير قليل مهم سهل صعب يكتب يقرأ يذهب يأتي
        يعرف يريد يستطيع يقول يعمل يفكر البيانات النموذج الحاسوب البرنامج الشبكة المعلومات العربية القاهرة
        """);

    public static readonly string[] Hindi = Split("""
        का के की है में और से को पर यह वह भी नहीं एक हैं था थी थे कि जो तो ही हम आप मैं वे इस उस कर गया
        समय दिन साल लोग देश सरकार शहर गांव घर परिवार बच्चा माता पिता भाई बहन मित्र काम पानी खाना भारत दिल्ली
        मुंबई भाषा हिंदी किताब स्कूल विद्यालय शिक्षक छात्र डॉक्टर अस्पताल बाजार पैसा कीमत कंपनी गाड़ी सड़क
        नदी पहाड़ समुद्र सूरज चांद रात सुबह शाम अच्छा बुरा बड़ा छोटा नया पुराना सुंदर जरूरी आसान मुश्किल
        करना होना जाना आना देखना सुनना बोलना पढ़ना लिखना सोचना जानना चाहना सकना मिलना रहना डेटा मॉडल कंप्यूटर
        """);

    public static readonly string[] Emoji = Split("""
        😀 😂 🙂 😉 😍 🤔 😅 😭 😎 🙏 👍 👏 🎉 🔥 ✨ ❤️ 💡 🚀 ✅ ❌ ⚠️ 📈 📉 🌍 🌧️ ☀️ 🍕 ☕ 🐍 🐱 🐶 👨‍👩‍👧 🏳️‍🌈 👋🏽 🇯🇵 🇫🇷
        """);

    /// <summary>Lines of code with <c>{a}</c>, <c>{b}</c> (identifiers), <c>{n}</c> (a number) and <c>{s}</c> (a word) to fill.</summary>
    public static readonly string[] CodeLines =
    [
        "for (int {a} = 0; {a} < {b}.Length; {a}++)",
        "{",
        "}",
        "if ({a} == null || {b}.Count > {n})",
        "return {a}.{b}({n});",
        "var {a} = new List<{B}>({n});",
        "{a} += {b}[{a} % {n}] * 0.5f;",
        "throw new ArgumentException(\"{s} must be positive\", nameof({a}));",
        "public static int {A}(ReadOnlySpan<byte> {b}) => {b}.Length >> {n};",
        "// TODO: {s} the {b} before {a} is released",
        "def {a}_{b}(self, {b}: int = {n}) -> list[str]:",
        "    return [x for x in self.{a} if x.{b} >= {n}]",
        "import {a}.{b} as {s}",
        "print(f\"{s}: {{{a}:.3f}} ({n} items)\")",
        "const {a} = await fetch(`/api/{b}/${{{a}Id}}?limit={n}`);",
        "SELECT {a}, COUNT(*) FROM {b} WHERE {a}_id = {n} GROUP BY {a};",
        "#include <{a}/{b}.h>",
        "    \"{a}\": {{ \"{b}\": {n}, \"enabled\": true }},",
        "let {a}: Vec<u32> = {b}.iter().map(|x| x * {n}).collect();",
        "<div class=\"{a}-{b}\">{s}</div>",
    ];

    /// <summary>The words of a list, each once, in order of first appearance.</summary>
    private static string[] Split(string words) =>
        [.. words.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
