using System.Text.Json;
using Augur.Server.Storage;

namespace Augur.Server.Batches;

/// <summary>
/// Reads an OpenAI batch input file: JSONL, one <c>{"custom_id","method":"POST","url","body":{"model",…}}</c> per line
/// (blank lines skipped). Every line must name the batch's endpoint and one same model, with a unique custom_id;
/// otherwise the batch fails with an error per bad line. What the body asks for is checked only when the line runs,
/// so that a bad body fails that line alone.
/// </summary>
internal static class OpenAiBatchInput
{
    /// <summary>Chat completions, answered with <c>chat.completion</c> bodies.</summary>
    public const string ChatEndpoint = "/v1/chat/completions";

    /// <summary>Legacy completions, answered with <c>text_completion</c> bodies.</summary>
    public const string CompletionsEndpoint = "/v1/completions";

    /// <summary>Errors reported for one file, at most; the rest are counted in the last.</summary>
    private const int MaxErrors = 100;

    public static bool IsEndpoint(string? endpoint) => endpoint is ChatEndpoint or CompletionsEndpoint;

    /// <summary>The file's items (each stored as its whole line, its custom_id as the reference), their model, and what is wrong with the file.</summary>
    public static (List<NewBatchItem> Items, string? Model, List<OpenAiBatchError> Errors) Read(string content, string endpoint)
    {
        var items = new List<NewBatchItem>();
        var errors = new List<OpenAiBatchError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? model = null;
        int lineNumber = 0;
        foreach (string raw in content.Split('\n'))
        {
            lineNumber++;
            string line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (Check(line, endpoint, ids, ref model) is { } problem)
            {
                if (errors.Count < MaxErrors)
                    errors.Add(new OpenAiBatchError(problem.Code, problem.Message, problem.Param, lineNumber));
                continue;
            }
            using JsonDocument document = JsonDocument.Parse(line);
            items.Add(new NewBatchItem(line, document.RootElement.GetProperty("custom_id").GetRawText()));
        }
        if (items.Count == 0 && errors.Count == 0)
            errors.Add(new OpenAiBatchError("empty_file", "The input file has no requests.", null, null));
        return (items, model, errors);
    }

    private static (string Code, string Message, string? Param)? Check(string line, string endpoint, HashSet<string> ids, ref string? model)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return ("invalid_json_line", "This line is not parseable as valid JSON.", null);
        }
        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return ("invalid_json_line", "This line is not a JSON object.", null);
            if (!root.TryGetProperty("custom_id", out JsonElement id) || id.ValueKind != JsonValueKind.String || id.GetString()!.Length == 0)
                return ("missing_required_parameter", "Each line needs a non-empty string custom_id.", "custom_id");
            if (!ids.Add(id.GetString()!))
                return ("duplicate_custom_id", $"The custom_id {id.GetString()} is used by an earlier line; custom_ids must be unique.", "custom_id");
            if (!root.TryGetProperty("method", out JsonElement method) || method.ValueKind != JsonValueKind.String || method.GetString() != "POST")
                return ("invalid_method", "The method must be POST.", "method");
            if (!root.TryGetProperty("url", out JsonElement url) || url.ValueKind != JsonValueKind.String || url.GetString() != endpoint)
                return ("invalid_url", $"The url must be the batch's endpoint, {endpoint}.", "url");
            if (!root.TryGetProperty("body", out JsonElement body) || body.ValueKind != JsonValueKind.Object
                || !body.TryGetProperty("model", out JsonElement name) || name.ValueKind != JsonValueKind.String)
            {
                return ("missing_required_parameter", "Each line needs a body object with a model.", "body.model");
            }
            model ??= name.GetString();
            if (name.GetString() != model)
                return ("mismatched_model", $"Every line of a batch must use one model; this line uses {name.GetString()}, an earlier one {model}.", "body.model");
            return null;
        }
    }
}
