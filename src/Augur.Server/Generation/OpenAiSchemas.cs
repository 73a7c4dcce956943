using Json.Schema;

namespace Augur.Server.Generation;

/// <summary>The JSON Schemas the OpenAI-compatible routes validate their bodies against (the subset of OpenAI's API Augur serves).</summary>
internal static class OpenAiSchemas
{
    private const string Sampling = """
        "model": { "type": "string", "minLength": 1 },
        "stream": { "type": "boolean" },
        "stream_options": { "type": ["object", "null"], "properties": { "include_usage": { "type": "boolean" } } },
        "max_tokens": { "type": ["integer", "null"], "minimum": 1 },
        "max_completion_tokens": { "type": ["integer", "null"], "minimum": 1 },
        "temperature": { "type": ["number", "null"], "minimum": 0, "maximum": 2 },
        "top_p": { "type": ["number", "null"], "minimum": 0, "maximum": 1 },
        "top_k": { "type": ["integer", "null"], "minimum": 1, "maximum": 50 },
        "seed": { "type": ["integer", "null"], "minimum": -9223372036854775808, "maximum": 18446744073709551615 },
        "lora": { "type": ["string", "null"], "description": "Augur extension: the id or name of one of the account's LoRA finetunes of this model." },
        "n": { "type": ["integer", "null"], "const": 1 },
        "frequency_penalty": { "type": ["number", "null"], "minimum": -2, "maximum": 2 },
        "presence_penalty": { "type": ["number", "null"], "minimum": -2, "maximum": 2 },
        "repetition_penalty": { "type": ["number", "null"], "minimum": 0, "maximum": 2 },
        "stop": { "oneOf": [ { "type": "null" }, { "type": "string", "minLength": 1 }, { "type": "array", "maxItems": 16, "items": { "type": "string", "minLength": 1 } } ] }
        """;

    private static readonly Lazy<JsonSchema> ChatSchema = new(() => JsonSchema.FromText($$"""
        {
          "type": "object",
          "properties": {
            "messages": {
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "properties": {
                  "role": { "type": "string", "enum": ["system", "developer", "user", "assistant", "tool"] },
                  "content": {
                    "oneOf": [
                      { "type": "string" },
                      { "type": "null" },
                      { "type": "array", "items": { "type": "object", "properties": { "type": { "type": "string" }, "text": { "type": "string" } }, "required": ["type"] } }
                    ]
                  }
                },
                "required": ["role"]
              }
            },
            {{Sampling}}
          },
          "required": ["model", "messages"]
        }
        """));

    private static readonly Lazy<JsonSchema> CompletionSchema = new(() => JsonSchema.FromText($$"""
        {
          "type": "object",
          "properties": {
            "prompt": { "oneOf": [ { "type": "string", "minLength": 1 }, { "type": "array", "minItems": 1, "maxItems": 1, "items": { "type": "string", "minLength": 1 } } ] },
            {{Sampling}}
          },
          "required": ["model", "prompt"]
        }
        """));

    /// <summary><c>/v1/chat/completions</c>.</summary>
    public static JsonSchema Chat => ChatSchema.Value;

    /// <summary><c>/v1/completions</c>.</summary>
    public static JsonSchema Completion => CompletionSchema.Value;
}
