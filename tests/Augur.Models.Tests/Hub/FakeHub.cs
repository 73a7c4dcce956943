using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Augur.Models.Hub.Tests;

/// <summary>
/// A stand-in for the Hugging Face hub on a loopback port (HttpListener). <c>/{repo}/resolve/{revision}/{file}</c>
/// answers 302 to <c>/cdn/{file}</c> with <c>X-Linked-Etag</c> (the sha256) and <c>X-Linked-Size</c>, as the hub does for
/// LFS files (the CDN is the same listener under the host name localhost), or serves the bytes itself with a plain ETag (<see cref="Redirect"/> false). The CDN honours <c>Range</c>.
/// It records each request, and can break a transfer off after some bytes.
/// </summary>
internal sealed class FakeHub : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public FakeHub()
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add($"http://localhost:{port}/");
            try
            {
                _listener.Start();
                Endpoint = new Uri($"http://127.0.0.1:{port}");
                Cdn = new Uri($"http://localhost:{port}");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The same server under another host name, as the hub's CDN is another host.</summary>
    public Uri Cdn { get; private set; } = null!;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answer resolve URLs with a redirect to the CDN path (as for LFS files). Default true.</summary>
    public bool Redirect { get; set; } = true;

    /// <summary>The sha256 announced for each file; by default the real one.</summary>
    public ConcurrentDictionary<string, string> AnnouncedSha256 { get; } = new(StringComparer.Ordinal);

    /// <summary>Break off the next this-many transfers after <see cref="BreakAfterBytes"/> bytes.</summary>
    public int BreakTransfers { get; set; }

    public int BreakAfterBytes { get; set; }

    public sealed record RecordedRequest(string Path, string? Range, string? Authorization);

    /// <summary>Publishes <paramref name="content"/> as <paramref name="file"/> of <paramref name="repo"/> at <paramref name="revision"/>.</summary>
    public void Add(string repo, string file, byte[] content, string revision = "main")
    {
        _files[$"/{repo}/resolve/{revision}/{file}"] = content;
        AnnouncedSha256[$"/{repo}/resolve/{revision}/{file}"] = Convert.ToHexStringLower(SHA256.HashData(content));
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        HttpListenerRequest request = context.Request;
        HttpListenerResponse response = context.Response;
        string path = Uri.UnescapeDataString(request.Url!.AbsolutePath);
        Requests.Enqueue(new RecordedRequest(path, request.Headers["Range"], request.Headers["Authorization"]));
        try
        {
            if (path.StartsWith("/cdn/", StringComparison.Ordinal) && _files.TryGetValue(path["/cdn".Length..], out byte[]? cdnContent))
            {
                Send(request, response, cdnContent, etag: null);
            }
            else if (_files.TryGetValue(path, out byte[]? content))
            {
                string sha = AnnouncedSha256[path];
                if (Redirect)
                {
                    response.StatusCode = 302;
                    response.Headers["Location"] = $"{Cdn}cdn{request.Url.AbsolutePath}?expires=1&signature=abc";
                    response.Headers["X-Linked-Etag"] = $"\"{sha}\"";
                    response.Headers["X-Linked-Size"] = content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    response.Close();
                }
                else
                {
                    Send(request, response, content, etag: sha);
                }
            }
            else
            {
                response.StatusCode = 404;
                response.Headers["X-Error-Code"] = "EntryNotFound";
                response.Close();
            }
        }
        catch (HttpListenerException)
        {
            // The client went away.
        }
    }

    private void Send(HttpListenerRequest request, HttpListenerResponse response, byte[] content, string? etag)
    {
        int start = 0;
        if (request.Headers["Range"] is string range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            start = int.Parse(range["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
            if (start >= content.Length)
            {
                response.StatusCode = 416;
                response.Headers["Content-Range"] = $"bytes */{content.Length}";
                response.Close();
                return;
            }
            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        if (etag is not null)
            response.Headers["ETag"] = $"\"{etag}\"";
        response.ContentLength64 = content.Length - start;
        if (BreakTransfers > 0 && content.Length - start > BreakAfterBytes)
        {
            BreakTransfers--;
            response.OutputStream.Write(content, start, BreakAfterBytes);
            response.OutputStream.Flush();
            response.Abort(); // the connection drops mid-body
            return;
        }
        response.OutputStream.Write(content, start, content.Length - start);
        response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
