namespace Augur.Engine.Speculative;

/// <summary>Where draft tokens come from.</summary>
public enum SpeculativeMethod
{
    /// <summary>No speculation: one token per step.</summary>
    None,

    /// <summary>Prompt lookup: the tokens that followed the latest earlier occurrence of the sequence's last few tokens.</summary>
    Ngram,

    /// <summary>A smaller model with the target's vocabulary (a lower-bit quantization of the target, say).</summary>
    DraftModel,
}
