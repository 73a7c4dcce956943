using Augur.Models;
using Augur.Models.ChatTemplates;
using Augur.Models.Tokenizers;

namespace Augur.Cli.Commands;

/// <summary>Renders a one-turn conversation with a model's chat template, as <c>augur run --chat</c> sends it.</summary>
internal static class ChatPrompt
{
    /// <summary>
    /// The rendered prompt and how to encode it: special tokens in the template's text are parsed, and BOS is added only
    /// when the template did not write it itself.
    /// </summary>
    public static (string Prompt, EncodeSettings Encoding) Render(ModelFile model, string? system, string user)
    {
        Vocabulary vocabulary = model.Vocabulary;
        string bos = vocabulary.GetPiece(vocabulary.Bos), eos = vocabulary.GetPiece(vocabulary.Eos);
        var messages = new List<ChatMessage>(2);
        if (system is not null)
            messages.Add(new ChatMessage("system", system));
        messages.Add(new ChatMessage("user", user));

        string prompt;
        try
        {
            prompt = ModelChatTemplate.Render(model.ChatTemplate, new ChatTemplateContext
            {
                Messages = messages,
                AddGenerationPrompt = true,
                BosToken = bos,
                EosToken = eos,
                Now = DateTimeOffset.Now,
            });
        }
        catch (ChatTemplateUnavailableException e)
        {
            throw new UsageException($"--chat: {e.Message}: run without --chat");
        }
        catch (TemplateException e)
        {
            throw new UsageException($"--chat: the model's chat template failed: {e.Message}");
        }

        bool templateWroteBos = prompt.StartsWith(bos, StringComparison.Ordinal);
        return (prompt, new EncodeSettings { ParseSpecial = true, AddBos = vocabulary.AddBos && !templateWroteBos });
    }
}
