namespace Augur.Benchmarks.Tokenizers;

/// <summary>About 4 KB of plain English prose (written for these benchmarks) to tokenize.</summary>
internal static class BenchmarkTexts
{
    public const string English4K = """
        The harbour town woke slowly that morning. Fishermen untied their boats while gulls circled above the grey water, and the smell of salt and diesel drifted up the narrow streets. At the bakery on the corner, Maria pulled the first trays of bread from the oven and set them on the counter to cool. She had worked there for eleven years, long enough to know every customer by the way they pushed the door open.

        Engineers who build inference systems spend most of their time waiting on memory. A single matrix-vector product reads every weight once, so the speed of a decoder is bounded by bandwidth, not arithmetic. Batching helps because the same weights serve many tokens at once; quantization helps because fewer bytes cross the bus. Neither trick changes the answer the model gives, which is why both are worth the effort.

        "Are you sure this is the right road?" asked Tom, squinting at the map. His sister shrugged. "The sign said twelve kilometres, and we've driven at least twenty." They stopped at a petrol station where an old man, who seemed to have been expecting them, pointed back the way they had come and laughed. It was nearly dark by the time they reached the lake, tired, hungry and arguing about whose idea the shortcut had been.

        In 1869 the Suez Canal opened, cutting the sea route from London to Bombay by roughly 7,000 kilometres. Shipping companies redrew their timetables, coal merchants moved their depots, and within a decade steamships had all but replaced sail on the eastern routes. Historians still debate how much the canal itself mattered compared with the telegraph cables laid along the same corridor during those years.

        To make a simple tomato sauce, warm three tablespoons of olive oil in a wide pan, add two cloves of sliced garlic and cook until fragrant but not brown. Pour in a tin of crushed tomatoes, season with salt, and let it simmer for about twenty minutes, stirring now and then. Finish with torn basil leaves and a knob of butter; the sauce keeps for three days in the fridge.

        The committee met on Thursday to review the proposal. Several members raised concerns about the budget, noting that the estimates had not been updated since March. Others argued that delaying the project would only raise costs further. After two hours of discussion, they agreed to commission an independent review and to reconvene in six weeks, when the figures would be clearer.

        Late in the evening the rain stopped, and the city seemed to breathe again. Puddles reflected the orange glow of the street lamps; a cyclist hissed past, spraying water across the pavement. Somewhere above, a window opened and a radio played an old jazz tune, the trumpet wandering through the melody as if it had forgotten the way home.

        Children learn language astonishingly fast. By the age of three most of them can form sentences, ask questions and tell short stories about their day, even though nobody has taught them the rules of grammar. Linguists have argued for decades about how much of this ability is innate and how much is learned from the speech they hear around them.

        The lighthouse keeper kept a journal for forty years. Most entries were brief: the wind, the state of the sea, the ships that passed. But now and then he wrote a page or two about a storm, a rescue, or a visitor who had stayed for tea, and those pages, read today, give a vivid picture of a life lived at the edge of the land.

        On the third day the expedition reached the pass. The guides insisted on resting for an afternoon before the descent, and nobody complained: the air was thin, the wind sharp, and the view across the valley made it easy to sit still. Below them a river wound between fields of barley, and the roofs of a village caught the last of the sun.

        Good software, like good writing, is mostly rewriting. The first version shows you what the problem really is; the second solves it; the third makes the solution easy to read.
        """;
}
