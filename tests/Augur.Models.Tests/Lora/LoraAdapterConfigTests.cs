using System.Text;

namespace Augur.Models.Lora.Tests;

public sealed class LoraAdapterConfigTests
{
    [Fact]
    public void Parse_PeftConfig_ReadsRankAlphaTargetsAndScale()
    {
        LoraAdapterConfig config = Parse("""
            {"peft_type":"LORA","r":8,"lora_alpha":16,"target_modules":["q_proj","v_proj","down_proj"],"bias":"none",
             "lora_dropout":0.05,"task_type":"CAUSAL_LM","model_type":"mistral","layers_to_transform":null}
            """);
        Assert.Equal(8, config.Rank);
        Assert.Equal(16, config.Alpha);
        Assert.Equal(2f, config.Scale);
        Assert.Equal("mistral", config.ModelType);
        Assert.Equal([LoraModule.Query, LoraModule.Value, LoraModule.Down], config.TargetModules.Order());
    }

    [Fact]
    public void Scale_RsLora_IsAlphaOverSquareRootOfRank()
    {
        LoraAdapterConfig config = Parse("""{"r":16,"lora_alpha":8,"use_rslora":true,"target_modules":"all-linear"}""");
        Assert.Equal(2f, config.Scale);
        Assert.Equal(LoraModules.Count, config.TargetModules.Count);
    }

    [Theory]
    [InlineData("""{"lora_alpha":8,"target_modules":["q_proj"]}""", "r (the rank)")]
    [InlineData("""{"r":0,"lora_alpha":8,"target_modules":["q_proj"]}""", "r (the rank)")]
    [InlineData("""{"r":8.5,"lora_alpha":8,"target_modules":["q_proj"]}""", "r (the rank)")]
    [InlineData("""{"r":8,"target_modules":["q_proj"]}""", "lora_alpha")]
    [InlineData("""{"r":8,"lora_alpha":8}""", "target_modules")]
    [InlineData("""{"r":8,"lora_alpha":8,"target_modules":["embed_tokens"]}""", "embed_tokens")]
    [InlineData("""{"r":8,"lora_alpha":8,"target_modules":[]}""", "empty")]
    [InlineData("""{"r":8,"lora_alpha":8,"target_modules":["q_proj"],"use_dora":true}""", "DoRA")]
    [InlineData("""{"r":8,"lora_alpha":8,"target_modules":["q_proj"],"bias":"all"}""", "bias")]
    [InlineData("""{"r":8,"lora_alpha":8,"target_modules":["q_proj"],"rank_pattern":{"q_proj":4}}""", "rank_pattern")]
    [InlineData("""{"r":8,"lora_alpha":8,"target_modules":["q_proj"],"modules_to_save":["lm_head"]}""", "modules_to_save")]
    [InlineData("""{"r":8,"lora_alpha":8,"target_modules":["q_proj"],"peft_type":"IA3"}""", "LORA")]
    [InlineData("""{"r":8,"lora_alpha":8,"target_modules":["q_proj"],"use_rslora":"yes"}""", "use_rslora")]
    [InlineData("""not json""", "not valid JSON")]
    public void Parse_BadOrUnsupportedConfig_IsRejectedWithItsFault(string json, string fault)
    {
        var e = Assert.Throws<ModelLoadException>(() => Parse(json));
        Assert.Contains(fault, e.Fault, StringComparison.Ordinal);
    }

    private static LoraAdapterConfig Parse(string json) => LoraAdapterConfig.Parse("adapter_config.json", Encoding.UTF8.GetBytes(json));
}
