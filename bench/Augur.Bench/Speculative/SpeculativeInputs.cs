using Augur.Engine.Model;
using Augur.Models.Tokenizers;
using Augur.Tensors;

namespace Augur.Bench.Speculative;

/// <summary>The target of a <see cref="SpeculativeBenchmark"/> and the prompt it decodes from.</summary>
/// <param name="Target">The target's weights (the caller keeps them open).</param>
/// <param name="Tokenizer">The target's tokenizer.</param>
/// <param name="Pool">The worker pool of every engine (its threads are the run's).</param>
/// <param name="Prompt">The prompt's token ids, BOS included where the model wants one.</param>
/// <param name="Model">The target for the report.</param>
public sealed record SpeculativeInputs(ModelWeights Target, ITokenizer Tokenizer, WorkerPool Pool, IReadOnlyList<int> Prompt, ModelSummary Model);
