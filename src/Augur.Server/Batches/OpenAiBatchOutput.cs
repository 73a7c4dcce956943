using System.Text;
using System.Text.Json;
using Augur.Server.Storage;

namespace Augur.Server.Batches;

/// <summary>
/// The output and error files of a finished OpenAI batch, in OpenAI's format: a line per request, in input order.
/// Answered requests (status 200) go to the output file; requests answered with an error, and those a cancellation
/// left unanswered (<c>batch_cancelled</c>), to the error file. The ids are derived from the batch's, so every node
/// writes the same files.
/// </summary>
internal static class OpenAiBatchOutput
{
    /// <summary>The output file's id of batch <paramref name="batchId"/>.</summary>
    public static string OutputFileId(string batchId) => $"file-{batchId}-output";

    /// <summary>The error file's id of batch <paramref name="batchId"/>.</summary>
    public static string ErrorFileId(string batchId) => $"file-{batchId}-errors";

    /// <summary>The two files' contents (JSONL, each line ending in a newline).</summary>
    public static (string Output, string Errors) Write(string batchId, IReadOnlyList<BatchItemState> items)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        foreach (BatchItemState item in items)
        {
            string customId = item.ExternalReference is null ? "" : JsonSerializer.Deserialize<string>(item.ExternalReference) ?? "";
            string requestId = $"req_{batchId}_{item.Index}";
            OpenAiBatchOutputLine line;
            if (item.State != BatchItemStates.Done)
            {
                line = new(Id(batchId, item), customId, null, new OpenAiBatchLineError("batch_cancelled", "The batch was cancelled before this request ran."));
            }
            else if (item.Success)
            {
                line = new(Id(batchId, item), customId, new OpenAiBatchLineResponse(200, requestId, Parse(item.Result!)), null);
            }
            else
            {
                using JsonDocument failure = JsonDocument.Parse(item.Result!);
                JsonElement root = failure.RootElement;
                line = new(Id(batchId, item), customId,
                    new OpenAiBatchLineResponse(root.GetProperty("status_code").GetInt32(), requestId, root.GetProperty("body").Clone()), null);
            }
            StringBuilder file = line.Response is { StatusCode: 200 } ? output : errors;
            file.Append(JsonSerializer.Serialize(line, OpenAiBatchJsonContext.Default.OpenAiBatchOutputLine)).Append('\n');
        }
        return (output.ToString(), errors.ToString());
    }

    private static string Id(string batchId, BatchItemState item) => $"batch_req_{batchId}_{item.Index}";

    private static JsonElement Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
