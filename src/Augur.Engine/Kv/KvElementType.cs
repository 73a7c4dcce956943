namespace Augur.Engine.Kv;

/// <summary>How a <see cref="KvCache"/> stores each key and value element.</summary>
public enum KvElementType
{
    /// <summary>IEEE half precision, 2 bytes: half the memory and traffic of F32, rounded once when written.</summary>
    F16,

    /// <summary>Single precision, 4 bytes: keys and values exactly as the forward pass computed them.</summary>
    F32,
}
