namespace Augur.Server.Hosting;

/// <summary>
/// The server's settings, bound from the <c>Augur</c> section of the configuration: <c>augur.json</c>, then
/// <c>AUGUR_…</c> environment variables (<c>AUGUR_DEVNOAUTH=true</c>, <c>AUGUR_MODELDIRECTORIES__0=/models</c>), then the
/// command line. The listening addresses are ASP.NET Core's own <c>Urls</c> key (default <c>http://127.0.0.1:8787</c>).
/// </summary>
public sealed record AugurServerOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Augur";

    /// <summary>
    /// Folders searched (three levels deep) for GGUF files and llama2.c checkpoints (a <c>.bin</c> with <c>tok512.bin</c>
    /// or <c>tokenizer.bin</c> beside it); each becomes a catalog entry named <c>@local/…</c>. Default: <c>./models</c>,
    /// and <c>../shared/models</c> when it exists. Relative paths are from the current directory.
    /// </summary>
    public List<string>? ModelDirectories { get; init; }

    /// <summary>Models named in the configuration (a Workers AI name such as <c>@cf/meta/llama-3.2-1b-instruct</c> and a file).</summary>
    public List<CatalogModelOptions> Models { get; init; } = [];

    /// <summary>The API tokens, each bound to one account.</summary>
    public List<ApiTokenOptions> Tokens { get; init; } = [];

    /// <summary>
    /// Serve without authentication (any account id in the path is accepted). Allowed only when every listening
    /// address is a loopback one. Default false.
    /// </summary>
    public bool DevNoAuth { get; init; }

    /// <summary>KV cache bytes given to each model, on top of its weights. Default 128 MiB.</summary>
    public long KvCacheBytesPerModel { get; init; } = 128L << 20;

    /// <summary>Worker threads of the engine (0 = one per core). Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>Most requests waiting for admission per model; past it the answer is 429 / 3040. Default 256.</summary>
    public int MaxWaitingRequests { get; init; } = 256;

    /// <summary>Largest request body in bytes; a larger one is answered 413 / 3006. Default 10 MiB (Workers AI's limit).</summary>
    public long MaxRequestBodyBytes { get; init; } = 10L << 20;

    /// <summary>
    /// Seconds a generation may run, from submission to its last token, before it is cancelled and answered 408 / 3007
    /// (0 = no limit). Default 300.
    /// </summary>
    public int RequestTimeoutSeconds { get; init; } = 300;

    /// <summary>Seconds a 429 / 3040 answer tells the client to wait (<c>Retry-After</c>). Default 1.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Where the SQLite database (accounts, tokens, usage) lives: <c>augur.db</c> in it. Default <c>./data</c>.</summary>
    public string DataDirectory { get; init; } = Storage.AugurStores.DefaultDataDirectory;

    /// <summary>A PostgreSQL connection string; when set, the store is that database instead of SQLite. Default null.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>The bearer token of the admin API (<c>/admin/…</c>), at least 16 characters; null (the default) turns that API off.</summary>
    public string? AdminToken { get; init; }

    /// <summary>Pricing and daily allocations.</summary>
    public Metering.MeteringOptions Metering { get; init; } = new();

    /// <summary>The async batch API: its limits and this node's runner.</summary>
    public Batches.BatchOptions Batches { get; init; } = new();

    /// <summary>LoRA finetunes: upload limits and the memory of loaded adapters.</summary>
    public Finetunes.FinetuneOptions Finetunes { get; init; } = new();
}

/// <summary>One catalog entry from the configuration.</summary>
public sealed record CatalogModelOptions
{
    /// <summary>The name requests use: <c>@cf/author/model</c>, <c>@hf/…</c> or <c>@local/…</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>A GGUF file or a llama2.c checkpoint.</summary>
    public string File { get; init; } = "";

    /// <summary>A llama2.c <c>tokenizer.bin</c>, for checkpoints that carry no vocabulary.</summary>
    public string? Tokenizer { get; init; }

    public string? Description { get; init; }

    /// <summary>Most tokens of prompt and answer together; 0 (the default) takes the model's own context length.</summary>
    public int ContextWindow { get; init; }

    /// <summary>USD per million input tokens. Default 0.</summary>
    public decimal PriceInputPerMillion { get; init; }

    /// <summary>USD per million output tokens. Default 0.</summary>
    public decimal PriceOutputPerMillion { get; init; }

    /// <summary>Marked beta in the catalog. Default false.</summary>
    public bool Beta { get; init; }

    /// <summary>Whether requests may select a LoRA finetune of this model (<c>lora</c>); otherwise they get 5005. Default false.</summary>
    public bool Lora { get; init; }
}

/// <summary>One API token from the configuration: a secret (or its SHA-256), bound to an account.</summary>
public sealed record ApiTokenOptions
{
    /// <summary>The account the token acts for (letters, digits, '-' and '_', at most 64).</summary>
    public string Account { get; init; } = "";

    /// <summary>A name for logs. Default "token".</summary>
    public string Name { get; init; } = "token";

    /// <summary>The token itself (at least 16 characters). Give this or <see cref="Sha256"/>; it is hashed at start-up.</summary>
    public string? Token { get; init; }

    /// <summary>The token's SHA-256 as 64 hex digits, so that the configuration need not hold the secret.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The e-mail that goes with the token as <c>X-Auth-Key</c> in the legacy header pair; null turns that form off.</summary>
    public string? Email { get; init; }
}
