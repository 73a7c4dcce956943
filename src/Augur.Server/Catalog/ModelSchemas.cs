using Json.Schema;

namespace Augur.Server.Catalog;

/// <summary>
/// The JSON Schemas of a text-generation model's <c>/ai/run</c> input and output, shaped like Workers AI's catalog
/// (a <c>oneOf</c> of the Prompt and Messages forms; ranges as in <c>@cf/meta/llama-3.3-70b-instruct-fp8-fast</c>).
/// </summary>
internal static class ModelSchemas
{
    private const string Options = """
        "raw": { "type": ["boolean", "string"], "enum": [true, false, "true", "false"], "default": false, "description": "If true, a chat template is not applied and you must adhere to the specific model's expected formatting." },
        "stream": { "type": "boolean", "default": false, "description": "If true, the response will be streamed back incrementally using SSE, Server Sent Events." },
        "max_tokens": { "type": "integer", "default": 256, "minimum": 1, "description": "The maximum number of tokens to generate in the response." },
        "temperature": { "type": "number", "default": 0.6, "minimum": 0, "maximum": 5, "description": "Controls the randomness of the output; higher values produce more random results." },
        "top_p": { "type": "number", "minimum": 0.001, "maximum": 1, "description": "Adjusts the creativity of the AI's responses by controlling how many possible words it considers." },
        "top_k": { "type": "integer", "minimum": 1, "maximum": 50, "description": "Limits the AI to choose from the top 'k' most probable words." },
        "seed": { "type": "integer", "minimum": 1, "maximum": 9999999999, "description": "Random seed for reproducibility of the generation." },
        "repetition_penalty": { "type": "number", "minimum": 0, "maximum": 2, "description": "Penalty for repeated tokens; higher values discourage repetition." },
        "frequency_penalty": { "type": "number", "minimum": -2, "maximum": 2, "description": "Decreases the likelihood of the model repeating the same lines verbatim." },
        "presence_penalty": { "type": "number", "minimum": -2, "maximum": 2, "description": "Increases the likelihood of the model introducing new topics." },
        "lora": { "type": "string", "description": "Name of the LoRA (Low-Rank Adaptation) model to fine-tune the base model." }
        """;

    /// <summary>The input schema's text.</summary>
    public const string InputJson = $$"""
        {
          "type": "object",
          "oneOf": [
            {
              "title": "Prompt",
              "properties": {
                "prompt": { "type": "string", "minLength": 1, "description": "The input text prompt for the model to generate a response." },
                {{Options}}
              },
              "required": ["prompt"]
            },
            {
              "title": "Messages",
              "properties": {
                "messages": {
                  "type": "array",
                  "minItems": 1,
                  "description": "An array of message objects representing the conversation history.",
                  "items": {
                    "type": "object",
                    "properties": {
                      "role": { "type": "string", "enum": ["system", "user", "assistant", "tool"], "description": "The role of the message sender." },
                      "content": {
                        "oneOf": [
                          { "type": "string" },
                          { "type": "array", "items": { "type": "object", "properties": { "type": { "type": "string" }, "text": { "type": "string" } }, "required": ["type"] } }
                        ]
                      }
                    },
                    "required": ["role", "content"]
                  }
                },
                {{Options}}
              },
              "required": ["messages"]
            }
          ]
        }
        """;

    /// <summary>The output schema's text: a JSON result, or a stream of server-sent events.</summary>
    public const string OutputJson = """
        {
          "oneOf": [
            {
              "type": "object",
              "contentType": "application/json",
              "properties": {
                "response": { "type": "string", "description": "The generated text response from the model." },
                "usage": {
                  "type": "object",
                  "description": "Usage statistics for the inference request.",
                  "properties": {
                    "prompt_tokens": { "type": "number", "default": 0 },
                    "completion_tokens": { "type": "number", "default": 0 },
                    "total_tokens": { "type": "number", "default": 0 },
                    "prompt_tokens_details": { "type": "object", "properties": { "cached_tokens": { "type": "number", "default": 0 } } }
                  }
                }
              },
              "required": ["response"]
            },
            { "type": "string", "contentType": "text/event-stream", "format": "binary" }
          ]
        }
        """;

    private static readonly Lazy<JsonSchema> Compiled = new(() => JsonSchema.FromText(InputJson));

    /// <summary>The input schema, compiled once.</summary>
    public static JsonSchema Input => Compiled.Value;
}
