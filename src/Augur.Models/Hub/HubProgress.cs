namespace Augur.Models.Hub;

/// <summary>How far a download is: bytes on disk (resumed ones included) out of the file's size, when the hub gave it.</summary>
public readonly record struct HubProgress(long BytesDone, long? TotalBytes);

/// <summary>What a download did.</summary>
/// <param name="Path">The complete file.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Its SHA-256 (lower-case hex) when the hub gave one and the file matched it; null when the hub gave none.</param>
/// <param name="ResumedFrom">Bytes of an earlier partial download kept and continued (0 when it started afresh).</param>
/// <param name="AlreadyPresent">The file was already there and matched the hub's checksum (or, without one, its size): nothing was downloaded.</param>
public sealed record HubDownloadResult(string Path, long Bytes, string? Sha256, long ResumedFrom, bool AlreadyPresent);
