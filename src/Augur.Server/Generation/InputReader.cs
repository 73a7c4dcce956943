using System.Text;
using System.Text.Json;
using Augur.Models.ChatTemplates;
using Augur.Server.Errors;
using Json.Schema;

namespace Augur.Server.Generation;

/// <summary>
/// Reads request bodies into <see cref="GenerationInput"/>s after checking them against their JSON Schema, so that the
/// reading itself can trust types and ranges. Every rejection is a 3003 that says what is wrong and where.
/// </summary>
internal static class InputReader
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    /// <summary>An <c>/ai/run</c> body (<paramref name="schema"/> is the model's input schema).</summary>
    public static GenerationInput ReadRun(JsonElement root, JsonSchema schema, float defaultTemperature) =>
        Guard(() => ReadRunCore(root, schema, defaultTemperature));

    /// <summary>An OpenAI chat completion body: the model's name and the input.</summary>
    public static (string Model, GenerationInput Input) ReadChat(JsonElement root, float defaultTemperature) =>
        Guard(() => ReadChatCore(root, defaultTemperature));

    /// <summary>An OpenAI (legacy) completion body: the model's name and the input; the prompt is sent raw.</summary>
    public static (string Model, GenerationInput Input) ReadCompletion(JsonElement root, float defaultTemperature) =>
        Guard(() => ReadCompletionCore(root, defaultTemperature));

    /// <summary>
    /// JSON may escape a lone surrogate (<c>"\ud800"</c>), which is no text: reading such a string throws, and that is
    /// bad input, not a server fault.
    /// </summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException e)
        {
            throw ApiException.BadInput($"Invalid input: a string is not valid text ({e.Message})");
        }
    }

    private static GenerationInput ReadRunCore(JsonElement root, JsonSchema schema, float defaultTemperature)
    {
        bool hasPrompt = root.TryGetProperty("prompt", out _), hasMessages = root.TryGetProperty("messages", out _);
        if (hasPrompt && hasMessages)
            throw ApiException.BadInput("Invalid input: prompt and messages are mutually exclusive.");
        if (!hasPrompt && !hasMessages)
            throw ApiException.BadInput("Request is missing headers or body: give prompt or messages.");
        Validate(root, schema, promptOrMessagesChecked: true);

        return ReadSampling(root, defaultTemperature) with
        {
            Prompt = hasPrompt ? root.GetProperty("prompt").GetString() : null,
            Messages = hasMessages ? ReadMessages(root.GetProperty("messages")) : null,
            Raw = root.TryGetProperty("raw", out JsonElement raw) && (raw.ValueKind == JsonValueKind.True || (raw.ValueKind == JsonValueKind.String && raw.GetString() == "true")),
            Lora = root.TryGetProperty("lora", out JsonElement lora) ? lora.GetString() : null,
        };
    }

    private static (string Model, GenerationInput Input) ReadChatCore(JsonElement root, float defaultTemperature)
    {
        Validate(root, OpenAiSchemas.Chat);
        return (root.GetProperty("model").GetString()!, ReadSampling(root, defaultTemperature) with { Messages = ReadMessages(root.GetProperty("messages")) });
    }

    private static (string Model, GenerationInput Input) ReadCompletionCore(JsonElement root, float defaultTemperature)
    {
        Validate(root, OpenAiSchemas.Completion);
        JsonElement prompt = root.GetProperty("prompt");
        string text = prompt.ValueKind == JsonValueKind.Array ? prompt[0].GetString()! : prompt.GetString()!;
        return (root.GetProperty("model").GetString()!, ReadSampling(root, defaultTemperature) with { Prompt = text, Raw = true });
    }

    /// <summary>Throws 3003 naming the first few problems. With <paramref name="promptOrMessagesChecked"/>, the
    /// oneOf's complaint that the other form's required property is missing is left out.</summary>
    private static void Validate(JsonElement root, JsonSchema schema, bool promptOrMessagesChecked = false)
    {
        EvaluationResults results = schema.Evaluate(root, Evaluation);
        if (results.IsValid)
            return;
        var problems = new List<string>();
        foreach (EvaluationResults detail in results.Details ?? [])
        {
            if (detail.Errors is null)
                continue;
            foreach ((string keyword, string message) in detail.Errors)
            {
                string where = detail.InstanceLocation.ToString();
                if (keyword is "oneOf" or "anyOf" || (promptOrMessagesChecked && keyword == "required" && where.Length == 0))
                    continue; // the branches' own errors say more
                string problem = $"{(where.Length == 0 ? "/" : where)}: {message}";
                if (!problems.Contains(problem))
                    problems.Add(problem);
            }
        }
        string summary = problems.Count == 0 ? "the body does not match the model's input schema" : string.Join("; ", problems.Take(4));
        throw ApiException.BadInput($"Invalid input: {summary}");
    }

    private static GenerationInput ReadSampling(JsonElement root, float defaultTemperature)
    {
        long? maxTokens = Integer(root, "max_completion_tokens") ?? Integer(root, "max_tokens");
        var stop = new List<string>();
        if (root.TryGetProperty("stop", out JsonElement stops))
        {
            if (stops.ValueKind == JsonValueKind.String)
                stop.Add(stops.GetString()!);
            else if (stops.ValueKind == JsonValueKind.Array)
                stop.AddRange(stops.EnumerateArray().Select(s => s.GetString()!));
        }
        return new GenerationInput
        {
            Stream = root.TryGetProperty("stream", out JsonElement stream) && stream.ValueKind == JsonValueKind.True,
            MaxTokens = maxTokens,
            Temperature = Number(root, "temperature") ?? defaultTemperature,
            TopP = Number(root, "top_p"),
            TopK = (int?)Integer(root, "top_k"),
            Seed = Seed(root),
            RepetitionPenalty = Number(root, "repetition_penalty"),
            FrequencyPenalty = Number(root, "frequency_penalty"),
            PresencePenalty = Number(root, "presence_penalty"),
            Stop = stop,
            Lora = root.TryGetProperty("lora", out JsonElement lora) && lora.ValueKind == JsonValueKind.String ? lora.GetString() : null, // an Augur extension on the OpenAI routes
            IncludeUsage = root.TryGetProperty("stream_options", out JsonElement options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out JsonElement include) && include.ValueKind == JsonValueKind.True,
        };
    }

    private static List<ChatMessage> ReadMessages(JsonElement messages)
    {
        var list = new List<ChatMessage>(messages.GetArrayLength());
        foreach (JsonElement message in messages.EnumerateArray())
        {
            string role = message.GetProperty("role").GetString()!;
            list.Add(new ChatMessage(role == "developer" ? "system" : role, Content(message)));
        }
        return list;
    }

    /// <summary>A message's text: a string, or the text parts of an array joined; null or absent is empty.</summary>
    private static string Content(JsonElement message)
    {
        if (!message.TryGetProperty("content", out JsonElement content))
            return "";
        if (content.ValueKind == JsonValueKind.String)
            return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array)
            return "";
        var text = new StringBuilder();
        foreach (JsonElement part in content.EnumerateArray())
        {
            if (part.GetProperty("type").GetString() != "text")
                throw ApiException.BadInput($"Invalid input: content parts of type '{part.GetProperty("type").GetString()}' are not supported; only text is.");
            text.Append(part.TryGetProperty("text", out JsonElement t) ? t.GetString() : "");
        }
        return text.ToString();
    }

    private static float? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? (float)value.GetDouble() : null;

    /// <summary>An integer property; one past the range of <see cref="long"/> (JSON allows it) reads as <see cref="long.MaxValue"/>.</summary>
    private static long? Integer(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.Number)
            return null;
        return value.TryGetInt64(out long n) ? n : value.GetDouble() < 0 ? long.MinValue : long.MaxValue;
    }

    private static ulong? Seed(JsonElement root)
    {
        if (!root.TryGetProperty("seed", out JsonElement value) || value.ValueKind != JsonValueKind.Number)
            return null;
        if (value.TryGetUInt64(out ulong u))
            return u;
        return value.TryGetInt64(out long n) ? unchecked((ulong)n) : null;
    }
}
