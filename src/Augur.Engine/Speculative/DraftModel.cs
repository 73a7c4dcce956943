using Augur.Engine.Model;
using Augur.Models.Tokenizers;

namespace Augur.Engine.Speculative;

/// <summary>A draft model for an engine: its weights and its tokenizer, whose vocabulary must be the target's.</summary>
/// <param name="Weights">The draft's weights (the caller keeps them open and disposes them).</param>
/// <param name="Tokenizer">The draft's tokenizer, checked against the target's.</param>
public sealed record DraftModel(ModelWeights Weights, ITokenizer Tokenizer);
