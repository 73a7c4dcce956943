namespace Augur.Models;

/// <summary>Reads small model-side files (tokenizers, vocabularies) whole, refusing any larger than a bound.</summary>
internal static class BoundedFile
{
    /// <summary>
    /// The bytes of <paramref name="path"/>. A file over <paramref name="maxBytes"/>, missing or unreadable is a
    /// <see cref="ModelLoadException"/>; nothing is allocated for an oversized file.
    /// </summary>
    public static byte[] ReadAll(string path, long maxBytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (stream.Length > maxBytes)
                throw new ModelLoadException(path, $"the file is {stream.Length} bytes, more than the {maxBytes} allowed.");
            var data = new byte[stream.Length];
            stream.ReadExactly(data);
            return data;
        }
        catch (IOException e)
        {
            throw new ModelLoadException(path, $"cannot read the file: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ModelLoadException(path, $"cannot read the file: {e.Message}", e);
        }
    }
}
