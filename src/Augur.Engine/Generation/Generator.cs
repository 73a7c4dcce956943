using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Augur.Engine.Model;
using Augur.Engine.Sampling;
using Augur.Models.Tokenizers;

namespace Augur.Engine.Generation;

/// <summary>
/// Generates text for one sequence at a time on a <see cref="Transformer"/>: the prompt is prefilled in one pass, then
/// tokens are sampled one by one and streamed as whole UTF-8 text. <c>augur run</c> is this loop; the serving engine
/// batches many sequences instead.
/// </summary>
public sealed class Generator
{
    private readonly Transformer _model;
    private readonly ITokenizer _tokenizer;
    private readonly FrozenSet<int> _endOfGeneration;

    /// <summary>A generator for <paramref name="model"/>, whose embedding must have a row for every token of
    /// <paramref name="tokenizer"/> (it may have more: padded rows are never sampled).</summary>
    public Generator(Transformer model, ITokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (tokenizer.Vocabulary.Count > model.Config.VocabSize)
        {
            throw new ArgumentException(
                $"The tokenizer has {tokenizer.Vocabulary.Count} tokens but the model's embedding only {model.Config.VocabSize}.",
                nameof(tokenizer));
        }
        _model = model;
        _tokenizer = tokenizer;
        _endOfGeneration = EndOfGeneration.FindIds(tokenizer.Vocabulary);
    }

    /// <summary>
    /// Generates up to <paramref name="maxTokens"/> tokens after <paramref name="prompt"/>, encoded with the
    /// vocabulary's BOS rule. Each piece of text goes to <paramref name="onText"/> as soon as it is whole UTF-8. Stops at
    /// an end-of-generation token (EOS, or one such as Llama 3's <c>&lt;|eot_id|&gt;</c>), when the text completes one of
    /// the <paramref name="stop"/> strings (both <see cref="FinishReason.Stop"/>), after <paramref name="maxTokens"/>,
    /// when the context is full, or on cancellation.
    /// </summary>
    /// <param name="prompt">The prompt text.</param>
    /// <param name="maxTokens">The most tokens to generate.</param>
    /// <param name="sampling">How to pick each token.</param>
    /// <param name="onText">Receives the text as it becomes whole.</param>
    /// <param name="encoding">How to encode the prompt; the default follows the vocabulary (BOS, no special tokens).</param>
    /// <param name="stop">Up to <see cref="StopSequences.MaxCount"/> strings that end the generation, as OpenAI's
    /// <c>stop</c>: the streamed text is cut before the first one to complete, which is not included (see
    /// <see cref="StopSequences"/>); text that might begin one is held back until it is known not to. Null or empty: none.</param>
    /// <param name="cancellationToken">Stops the generation between tokens.</param>
    public GenerationResult Generate(string prompt, int maxTokens, SamplingOptions sampling, Action<ReadOnlySpan<char>> onText,
        EncodeSettings encoding = default, IReadOnlyList<string>? stop = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentNullException.ThrowIfNull(onText);
        sampling.Validate();
        StopSequences? stops = stop is { Count: > 0 } ? new StopSequences(stop) : null;

        Vocabulary vocabulary = _tokenizer.Vocabulary;
        var tokens = new List<int>(prompt.Length + maxTokens + 2);
        _tokenizer.Encode(prompt, tokens, encoding);
        if (tokens.Count == 0)
            tokens.Add(vocabulary.Bos.Value);  // nothing to predict from otherwise
        if (tokens.Count >= _model.ContextLength)
            throw new ArgumentException($"The prompt has {tokens.Count} tokens; the context holds {_model.ContextLength}.", nameof(prompt));
        int promptTokens = tokens.Count;

        var sampler = new Sampler(_model.Config.VocabSize, sampling);
        ITextDetokenizer detokenizer = _tokenizer.CreateDetokenizer();
        detokenizer.Prime(CollectionsMarshal.AsSpan(tokens));
        float[] logits = new float[_model.Config.VocabSize];

        long start = Stopwatch.GetTimestamp();
        _model.Truncate(0);
        CopyLogits(_model.Prefill(CollectionsMarshal.AsSpan(tokens), 0), logits, vocabulary.Count);
        TimeSpan prefillTime = Stopwatch.GetElapsedTime(start);

        long decodeStart = Stopwatch.GetTimestamp();
        FinishReason finish = FinishReason.Length;
        int generated = 0;
        while (generated < maxTokens)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                finish = FinishReason.Cancelled;
                break;
            }

            int token = sampler.Sample(logits, CollectionsMarshal.AsSpan(tokens));
            tokens.Add(token);
            generated++;
            if (_endOfGeneration.Contains(token))
            {
                finish = FinishReason.Stop;
                break;
            }

            if (Emit(detokenizer.Append(token), stops, onText))
            {
                finish = FinishReason.Stop;
                break;
            }
            if (generated == maxTokens || tokens.Count >= _model.ContextLength)
                break;
            CopyLogits(_model.Forward(token, tokens.Count - 1), logits, vocabulary.Count);
        }
        if (Emit(detokenizer.Flush(), stops, onText))
            finish = FinishReason.Stop;
        if (stops is not null)
            onText(stops.Flush());

        return new GenerationResult(finish, promptTokens, generated, prefillTime, Stopwatch.GetElapsedTime(decodeStart));
    }

    /// <summary>Passes <paramref name="text"/> to <paramref name="onText"/>, through <paramref name="stops"/> if there
    /// are any; true when that completed a stop string.</summary>
    private static bool Emit(ReadOnlySpan<char> text, StopSequences? stops, Action<ReadOnlySpan<char>> onText)
    {
        if (stops is null)
        {
            onText(text);
            return false;
        }
        if (stops.IsStopped)
            return false;
        onText(stops.Append(text));
        return stops.IsStopped;
    }

    /// <summary>Copies the model's logits; rows past the vocabulary (a padded embedding) get −∞ so they are never drawn.</summary>
    private static void CopyLogits(ReadOnlySpan<float> source, float[] destination, int vocabularySize)
    {
        source.CopyTo(destination);
        destination.AsSpan(vocabularySize).Fill(float.NegativeInfinity);
    }
}
