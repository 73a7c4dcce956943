using System.Security.Cryptography;

namespace Augur.Server.Streaming;

/// <summary>
/// The <c>p</c> field of Workers AI's stream events: random letters and digits that hide each token's length from an
/// observer of encrypted traffic. The padding brings text and padding together to a random length of 16 to 48 characters
/// (at least one character of padding), drawn from a cryptographic generator.
/// </summary>
internal static class StreamPadding
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Padding for an event whose text has <paramref name="textLength"/> characters.</summary>
    public static string For(int textLength)
    {
        int target = RandomNumberGenerator.GetInt32(16, 49);
        int length = Math.Max(1, target - textLength);
        return RandomNumberGenerator.GetString(Alphabet, length);
    }
}
