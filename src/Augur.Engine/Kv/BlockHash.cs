using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Augur.Engine.Kv;

/// <summary>
/// The identity of a full KV block's contents for the prefix cache: a hash chained over every token before it. A block's
/// hash covers its parent's hash and its own tokens, and the chain starts from a root that covers the namespace (an
/// adapter, a tenant's salt), so equal hashes mean the same tokens at the same positions under the same namespace, and
/// the same keys and values. SHA-256, cut to 128 bits: a client cannot craft a prompt whose blocks collide with another
/// tenant's.
/// </summary>
public readonly record struct BlockHash(UInt128 Value)
{
    private const int StackBytes = 1024;

    /// <summary>The root of the chains of the empty namespace: no adapter, no salt.</summary>
    public static BlockHash Root { get; } = ForNamespace("");

    /// <summary>The root of the chains of <paramref name="space"/> (an adapter id and a salt, say); equal strings share blocks.</summary>
    public static BlockHash ForNamespace(string space)
    {
        ArgumentNullException.ThrowIfNull(space);
        byte[] bytes = Encoding.UTF8.GetBytes("augur/kv-prefix/v1\n" + space);
        return FromDigest(SHA256.HashData(bytes));
    }

    /// <summary>
    /// The root of the chains of <paramref name="space"/> under the LoRA adapter whose fingerprint is
    /// <paramref name="adapter"/>: the same tokens under different adapters have different keys and values, so they
    /// never share blocks. Without an adapter it is <see cref="ForNamespace(string)"/>.
    /// </summary>
    public static BlockHash ForNamespace(string space, string? adapter) =>
        adapter is null ? ForNamespace(space) : ForNamespace($"lora:{adapter}\n{space}");

    /// <summary>The hash of the block holding <paramref name="tokens"/> right after the block (or root) this hash names.</summary>
    public BlockHash Next(ReadOnlySpan<int> tokens)
    {
        int length = 16 + tokens.Length * sizeof(int);
        byte[]? rented = length > StackBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> message = rented is null ? stackalloc byte[StackBytes] : rented;
        message = message[..length];
        BinaryPrimitives.WriteUInt128LittleEndian(message, Value);
        for (int i = 0; i < tokens.Length; i++)
            BinaryPrimitives.WriteInt32LittleEndian(message[(16 + i * sizeof(int))..], tokens[i]);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(message, digest);
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
        return FromDigest(digest);
    }

    public override string ToString() => Value.ToString("x32", null);

    private static BlockHash FromDigest(ReadOnlySpan<byte> digest) => new(BinaryPrimitives.ReadUInt128LittleEndian(digest));
}
