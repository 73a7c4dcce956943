using System.Net;
using System.Text.Json;

namespace Augur.Server.Tests;

/// <summary>Checks of the server's answers.</summary>
public static class ResponseAssert
{
    /// <summary>Asserts a v4 error envelope with exactly one error of <paramref name="code"/>, and the HTTP <paramref name="status"/>; returns its message.</summary>
    public static async Task<string> EnvelopeErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using JsonDocument json = JsonDocument.Parse(body);
        JsonElement root = json.RootElement;
        Assert.Equal(["result", "success", "errors", "messages"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("result").ValueKind);
        Assert.False(root.GetProperty("success").GetBoolean());
        Assert.Equal(0, root.GetProperty("messages").GetArrayLength());
        JsonElement error = Assert.Single(root.GetProperty("errors").EnumerateArray());
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        string message = error.GetProperty("message").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message;
    }

    /// <summary>Asserts an OpenAI error body with <paramref name="status"/>; returns its code.</summary>
    public static async Task<string> OpenAiErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        using JsonDocument json = JsonDocument.Parse(body);
        JsonElement error = json.RootElement.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()));
        return error.GetProperty("code").GetString()!;
    }
}
