using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Augur.Models.Hub;

/// <summary>
/// Downloads files from the Hugging Face hub (or a mirror) the way <c>huggingface_hub</c> does: <c>GET
/// {endpoint}/{repo}/resolve/{revision}/{file}</c>, following the hub's redirect to its CDN for LFS files. The bytes go
/// to <c>NAME.part</c> beside the destination; a partial file left by an interrupted run (or a transfer that breaks off)
/// is continued with an HTTP <c>Range</c> request. The hub's <c>X-Linked-Etag</c> (or a 64-hex-digit <c>ETag</c>) is
/// the file's SHA-256: when present, the finished file must match it before it replaces anything.
/// </summary>
public sealed class HubDownloader : IDisposable
{
    private const int MaxRedirects = 10;
    private const int BufferBytes = 1 << 20;
    private readonly HubOptions _options;
    private readonly HttpClient _http;

    public HubDownloader(HubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        // Redirects are followed by hand: the token goes to the hub only, and the hub's own answer carries the checksum.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("augur", "1.0"));
    }

    /// <summary>Downloads <paramref name="file"/> into <paramref name="directory"/> (created if missing) under its file name.</summary>
    /// <exception cref="HubException">The hub refused (404, 401/403, other errors), the transfer failed past its retries, or the checksum or size did not match.</exception>
    public async Task<HubDownloadResult> DownloadAsync(HubFile file, string directory, Action<HubProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        Directory.CreateDirectory(directory);
        string destination = Path.Combine(Path.GetFullPath(directory), file.FileName);
        string part = destination + ".part";
        Uri url = file.ResolveUrl(_options.Endpoint);

        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(url, destination, part, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException && e is not HubException && attempt < _options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // The connection broke: go again, continuing from what reached the disk.
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new HubException($"downloading {url} failed after {attempt} attempt(s): {e.Message} (run again to resume from {part})", e);
            }
        }
    }

    private async Task<HubDownloadResult> AttemptAsync(Uri url, string destination, string part, Action<HubProgress>? progress, CancellationToken cancellationToken)
    {
        long resumeFrom = File.Exists(part) ? new FileInfo(part).Length : 0;
        (HttpResponseMessage response, HubFileInfo info) = await SendAsync(url, resumeFrom, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (File.Exists(destination) && await MatchesAsync(destination, info, cancellationToken).ConfigureAwait(false))
                return new HubDownloadResult(destination, new FileInfo(destination).Length, info.Sha256, 0, AlreadyPresent: true);

            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                // The partial file is as long as (or longer than) the file: start over.
                File.Delete(part);
                throw new IOException("the server refused to resume the partial download; restarting");
            }
            if (response.StatusCode != HttpStatusCode.PartialContent || ContentRangeStart(response) != resumeFrom)
                resumeFrom = 0; // the server sent the whole file
            long? total = info.Size ?? (response.StatusCode == HttpStatusCode.PartialContent
                ? response.Content.Headers.ContentRange?.Length
                : response.Content.Headers.ContentLength);

            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long done;
            var stream = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, BufferBytes, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                stream.SetLength(resumeFrom);
                await HashAsync(stream, resumeFrom, sha, cancellationToken).ConfigureAwait(false);
                done = resumeFrom;
                progress?.Invoke(new HubProgress(done, total));
                Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    byte[] buffer = new byte[BufferBytes];
                    int read;
                    while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        sha.AppendData(buffer, 0, read);
                        done += read;
                        progress?.Invoke(new HubProgress(done, total));
                    }
                }
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            string actual = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (total is long expected && done != expected)
            {
                if (done < expected)
                    throw new IOException($"the transfer ended at {done} of {expected} bytes");
                File.Delete(part);
                throw new HubException($"{url} sent {done} bytes where {expected} were announced; the partial download was deleted");
            }
            if (info.Sha256 is not null && !string.Equals(actual, info.Sha256, StringComparison.Ordinal))
            {
                File.Delete(part);
                throw new HubException($"sha256 mismatch for {url}: the hub says {info.Sha256}, the download is {actual}; nothing was replaced and the partial download was deleted");
            }
            File.Move(part, destination, overwrite: true);
            return new HubDownloadResult(destination, done, info.Sha256 is null ? null : actual, resumeFrom, AlreadyPresent: false);
        }
    }

    /// <summary>GETs <paramref name="url"/>, following redirects; the checksum and size come from the first answer that names them.</summary>
    private async Task<(HttpResponseMessage Response, HubFileInfo Info)> SendAsync(Uri url, long resumeFrom, CancellationToken cancellationToken)
    {
        var info = new HubFileInfo(null, null);
        for (int redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (_options.Token is not null && IsHub(url))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
            if (resumeFrom > 0)
                request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
            HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            info = info.Merge(HubFileInfo.From(response));

            int status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is Uri location)
            {
                response.Dispose();
                if (redirects == MaxRedirects)
                    throw new HubException($"{url}: more than {MaxRedirects} redirects");
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                continue;
            }
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                return (response, info);

            response.Dispose();
            throw new HubException(response.StatusCode switch
            {
                HttpStatusCode.NotFound => $"{url}: not found (404); check the repository, the file name and the revision",
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"{url}: access denied ({status}); a gated or private repository needs HF_TOKEN",
                _ => $"{url}: the server answered {status} {response.ReasonPhrase}",
            })
            { StatusCode = status };
        }
    }

    private bool IsHub(Uri url) => Uri.Compare(url, _options.Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static long? ContentRangeStart(HttpResponseMessage response) => response.Content.Headers.ContentRange?.From;

    /// <summary>Whether an existing complete file is the one the hub has: same SHA-256 when known, else same size when known.</summary>
    private static async Task<bool> MatchesAsync(string path, HubFileInfo info, CancellationToken cancellationToken)
    {
        if (info.Size is long size && new FileInfo(path).Length != size)
            return false;
        if (info.Sha256 is null)
            return info.Size is not null;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            byte[] hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return string.Equals(Convert.ToHexStringLower(hash), info.Sha256, StringComparison.Ordinal);
        }
    }

    /// <summary>Feeds the first <paramref name="length"/> bytes of <paramref name="stream"/> to the hash and leaves the position at the end.</summary>
    private static async Task HashAsync(FileStream stream, long length, IncrementalHash sha, CancellationToken cancellationToken)
    {
        stream.Position = 0;
        byte[] buffer = new byte[BufferBytes];
        long left = length;
        while (left > 0)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw new IOException("the partial download shrank while it was read");
            sha.AppendData(buffer, 0, read);
            left -= read;
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The checksum and size the hub announces for a file.</summary>
    private readonly record struct HubFileInfo(string? Sha256, long? Size)
    {
        public HubFileInfo Merge(HubFileInfo later) => new(Sha256 ?? later.Sha256, Size ?? later.Size);

        /// <summary><c>X-Linked-Etag</c> / <c>X-Linked-Size</c> (LFS files, on the hub's redirect), or an ETag that is a SHA-256.</summary>
        public static HubFileInfo From(HttpResponseMessage response)
        {
            string? sha = Header(response, "X-Linked-Etag") ?? response.Headers.ETag?.Tag;
            sha = sha?.Trim().Trim('"').ToLowerInvariant();
            if (sha is not { Length: 64 } || !sha.All(char.IsAsciiHexDigit))
                sha = null;
            long? size = long.TryParse(Header(response, "X-Linked-Size"), NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : null;
            return new HubFileInfo(sha, size);
        }

        private static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out IEnumerable<string>? values) ? values.FirstOrDefault() : null;
    }
}
