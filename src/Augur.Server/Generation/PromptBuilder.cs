using System.Collections.Concurrent;
using Augur.Models.ChatTemplates;
using Augur.Models.Tokenizers;
using Augur.Server.Catalog;
using Augur.Server.Errors;

namespace Augur.Server.Generation;

/// <summary>
/// Turns a <see cref="GenerationInput"/> into prompt tokens. A raw prompt is encoded as is (special tokens parsed). A
/// prompt without <c>raw</c> is one user message. Messages go through the model's chat template; a model without one
/// (llama2.c checkpoints) gets the messages' texts joined by newlines, and so does <c>raw</c> with messages.
/// </summary>
internal sealed class PromptBuilder
{
    private readonly ConcurrentDictionary<string, ModelChatTemplate?> _templates = new(StringComparer.Ordinal);

    public int[] Build(CatalogEntry entry, ITokenizer tokenizer, GenerationInput input)
    {
        Vocabulary vocabulary = tokenizer.Vocabulary;
        if (input.Prompt is not null && input.Raw)
            return tokenizer.Encode(input.Prompt, new EncodeSettings { ParseSpecial = true, AddBos = vocabulary.AddBos });

        IReadOnlyList<ChatMessage> messages = input.Messages ?? [new ChatMessage("user", input.Prompt!)];
        ModelChatTemplate? template = input.Raw ? null : Template(entry);
        if (template is null)
        {
            string plain = string.Join('\n', messages.Select(m => m.Content));
            if (plain.Length == 0)
                throw ApiException.BadInput("Invalid input: the messages hold no text.");
            return tokenizer.Encode(plain, new EncodeSettings { ParseSpecial = input.Raw, AddBos = vocabulary.AddBos });
        }

        string bos = vocabulary.GetPiece(vocabulary.Bos), eos = vocabulary.GetPiece(vocabulary.Eos);
        string rendered;
        try
        {
            rendered = template.Render(new ChatTemplateContext
            {
                Messages = messages,
                AddGenerationPrompt = true,
                BosToken = bos,
                EosToken = eos,
                Now = DateTimeOffset.UtcNow,
            });
        }
        catch (ChatTemplateUnavailableException e)
        {
            throw ApiException.BadInput($"Invalid input: {e.Message}");
        }
        catch (TemplateException e)
        {
            throw ApiException.BadInput($"Invalid input: the model's chat template rejected the messages: {e.Message}");
        }
        bool templateWroteBos = rendered.StartsWith(bos, StringComparison.Ordinal);
        return tokenizer.Encode(rendered, new EncodeSettings { ParseSpecial = true, AddBos = vocabulary.AddBos && !templateWroteBos });
    }

    /// <summary>The entry's parsed template, or null when it has none or none this interpreter can run.</summary>
    private ModelChatTemplate? Template(CatalogEntry entry) =>
        entry.ChatTemplate is null ? null : _templates.GetOrAdd(entry.Name, static (_, source) =>
        {
            try
            {
                return ModelChatTemplate.Load(source);
            }
            catch (ChatTemplateUnavailableException)
            {
                return null;
            }
        }, entry.ChatTemplate);
}
