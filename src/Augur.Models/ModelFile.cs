using Augur.Models.Gguf;
using Augur.Models.Llama2c;
using Augur.Models.Tokenizers;

namespace Augur.Models;

/// <summary>
/// A model file of any supported format, opened for inference: its config, its tensors and its tokenizer.
/// A GGUF file (recognised by its magic <c>"GGUF"</c>) carries all three; a llama2.c checkpoint (<c>.bin</c>) needs its
/// <c>tokenizer.bin</c> beside it. The tensors are views into the mapped file: keep this open while they are used.
/// </summary>
public sealed class ModelFile : IDisposable
{
    private static ReadOnlySpan<byte> GgufMagic => "GGUF"u8;

    private readonly IDisposable _owned;

    private ModelFile(string path, ModelConfig config, ITensorSource tensors, ITokenizer tokenizer, string? chatTemplate, IDisposable owned)
    {
        Path = path;
        Config = config;
        Tensors = tensors;
        Tokenizer = tokenizer;
        ChatTemplate = chatTemplate;
        _owned = owned;
    }

    /// <summary>The model file's path, as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>The hyperparameters, validated.</summary>
    public ModelConfig Config { get; }

    /// <summary>The weights under GGUF tensor names.</summary>
    public ITensorSource Tensors { get; }

    /// <summary>The tokenizer: SentencePiece BPE or byte-level BPE, as the file says.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>The Jinja chat template the file carries (<c>tokenizer.chat_template</c>), or null.</summary>
    public string? ChatTemplate { get; }

    /// <summary>The tokenizer's vocabulary; it has at most <see cref="ModelConfig.VocabSize"/> entries, so every id it
    /// produces has an embedding row.</summary>
    public Vocabulary Vocabulary => Tokenizer.Vocabulary;

    /// <summary>
    /// Opens <paramref name="path"/>: a GGUF file, or else a llama2.c checkpoint. For a llama2.c checkpoint
    /// <paramref name="tokenizerPath"/> (its llama2.c <c>tokenizer.bin</c>) is required; for a GGUF file it is optional
    /// and, when given, a llama2.c <c>tokenizer.bin</c> used instead of the embedded vocabulary.
    /// </summary>
    /// <exception cref="ModelLoadException">The file cannot be read, is not a supported model, or its tokenizer is
    /// missing, unsupported or does not fit the model.</exception>
    public static ModelFile Open(string path, string? tokenizerPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return IsGguf(path) ? OpenGguf(path, tokenizerPath) : OpenLlama2c(path, tokenizerPath);
    }

    /// <summary>Closes the file; tensors handed out become invalid.</summary>
    public void Dispose() => _owned.Dispose();

    private static ModelFile OpenGguf(string path, string? tokenizerPath)
    {
        GgufFile file = GgufFile.Open(path);
        try
        {
            ModelConfig config = GgufModelConfig.Read(file);
            ITokenizer tokenizer = tokenizerPath is null
                ? GgufVocabulary.ReadTokenizer(file)
                : SentencePieceBpeTokenizer.Create(Llama2cTokenizerFile.ReadVocabulary(tokenizerPath, config.VocabSize));
            CheckVocabularyFits(path, config, tokenizer.Vocabulary);
            string? chatTemplate = file.TryGetString(GgufKeys.TokenizerChatTemplate, out string? template) ? template : null;
            return new ModelFile(path, config, new GgufTensorSource(file), tokenizer, chatTemplate, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static ModelFile OpenLlama2c(string path, string? tokenizerPath)
    {
        if (tokenizerPath is null)
        {
            throw new ModelLoadException(path,
                "not a GGUF file, so read as a llama2.c checkpoint, which has no vocabulary: give its tokenizer.bin as well.");
        }
        Llama2cModelFile file = Llama2cModelFile.Open(path);
        try
        {
            Vocabulary vocabulary = Llama2cTokenizerFile.ReadVocabulary(tokenizerPath, file.Config.VocabSize);
            return new ModelFile(path, file.Config, file, SentencePieceBpeTokenizer.Create(vocabulary), chatTemplate: null, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void CheckVocabularyFits(string path, ModelConfig config, Vocabulary vocabulary)
    {
        if (vocabulary.Count > config.VocabSize)
        {
            throw new ModelLoadException(path,
                $"the vocabulary has {vocabulary.Count} tokens but the model only {config.VocabSize} embedding rows.");
        }
    }

    private static bool IsGguf(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 1);
            return stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) == magic.Length && magic.SequenceEqual(GgufMagic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new ModelLoadException(path, $"cannot open the file: {e.Message}", e);
        }
    }
}
