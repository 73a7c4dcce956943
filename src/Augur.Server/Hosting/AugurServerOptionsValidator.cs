using System.Net;
using System.Text.RegularExpressions;
using Augur.Server.Catalog;

namespace Augur.Server.Hosting;

/// <summary>Checks <see cref="AugurServerOptions"/> at start-up and names every problem, so that a bad file fails once, clearly.</summary>
internal static partial class AugurServerOptionsValidator
{
    /// <summary>Throws <see cref="AugurConfigurationException"/> listing every problem of <paramref name="options"/>.</summary>
    public static void Validate(AugurServerOptions options, IReadOnlyList<string> urls)
    {
        var problems = new List<string>();
        if (options.Threads < 0)
            problems.Add($"Augur:Threads must be >= 0 (0 = one per core), not {options.Threads}.");
        if (options.KvCacheBytesPerModel < 1 << 20)
            problems.Add($"Augur:KvCacheBytesPerModel must be at least 1 MiB, not {options.KvCacheBytesPerModel}.");
        if (options.MaxWaitingRequests < 0)
            problems.Add($"Augur:MaxWaitingRequests must be >= 0, not {options.MaxWaitingRequests}.");
        if (options.MaxRequestBodyBytes < 1024)
            problems.Add($"Augur:MaxRequestBodyBytes must be at least 1024, not {options.MaxRequestBodyBytes}.");
        if (options.RequestTimeoutSeconds < 0)
            problems.Add($"Augur:RequestTimeoutSeconds must be >= 0 (0 = no limit), not {options.RequestTimeoutSeconds}.");
        if (options.RetryAfterSeconds < 1)
            problems.Add($"Augur:RetryAfterSeconds must be at least 1, not {options.RetryAfterSeconds}.");

        ValidateTokens(options, problems);
        ValidateModels(options, problems);

        if (urls.Count == 0)
            problems.Add("Urls is empty: give at least one address to listen on (e.g. http://127.0.0.1:8787).");
        foreach (string url in urls)
        {
            if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
                problems.Add($"Urls: '{url}' is not an http(s) address.");
            else if (options.DevNoAuth && !IsLoopback(uri))
                problems.Add($"Augur:DevNoAuth (--dev-no-auth) is allowed only on loopback addresses, and '{url}' is not one.");
        }
        ValidateStorage(options, problems);
        options.Batches.Validate(problems);

        if (problems.Count > 0)
            throw new AugurConfigurationException(problems);
    }

    /// <summary>True for 127.0.0.0/8, ::1 and <c>localhost</c>.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out IPAddress? address) && IPAddress.IsLoopback(address));

    private static void ValidateTokens(AugurServerOptions options, List<string> problems)
    {
        for (int i = 0; i < options.Tokens.Count; i++)
        {
            ApiTokenOptions token = options.Tokens[i];
            string where = $"Augur:Tokens:{i}";
            if (!AccountId().IsMatch(token.Account ?? ""))
                problems.Add($"{where}:Account must be 1 to 64 letters, digits, '-' or '_', not '{token.Account}'.");
            bool hasToken = !string.IsNullOrEmpty(token.Token), hasHash = !string.IsNullOrEmpty(token.Sha256);
            if (hasToken == hasHash)
                problems.Add($"{where}: give exactly one of Token and Sha256.");
            else if (hasToken && token.Token!.Length < 16)
                problems.Add($"{where}:Token must have at least 16 characters.");
            else if (hasHash && !Sha256Hex().IsMatch(token.Sha256!))
                problems.Add($"{where}:Sha256 must be 64 hex digits.");
        }
    }

    private static void ValidateStorage(AugurServerOptions options, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory) && string.IsNullOrEmpty(options.PostgresConnectionString))
            problems.Add("Augur:DataDirectory must not be empty.");
        if (options.AdminToken is { Length: < 16 })
            problems.Add("Augur:AdminToken must have at least 16 characters.");
        Metering.MeteringOptions metering = options.Metering;
        if (!(metering.FreeDailyNeurons >= 0) || !(metering.PaidDailyNeurons >= 0))
            problems.Add("Augur:Metering: the daily neurons must be >= 0.");
        if (metering.CachedInputDiscount is < 0 or > 1)
            problems.Add($"Augur:Metering:CachedInputDiscount must be in [0, 1], not {metering.CachedInputDiscount}.");
        if (!Storage.AccountPlans.IsValid(metering.DefaultPlan))
            problems.Add($"Augur:Metering:DefaultPlan must be 'free' or 'paid', not '{metering.DefaultPlan}'.");
    }

    /// <summary>
    /// Some way in is required: a configured token, the admin token, a token in the store, or the loopback dev mode.
    /// <paramref name="storeHasTokens"/> is asked only when the rest say no.
    /// </summary>
    public static void RequireCredentials(AugurServerOptions options, Func<bool> storeHasTokens)
    {
        if (options.DevNoAuth || options.Tokens.Count > 0 || options.AdminToken is not null || storeHasTokens())
            return;
        throw new AugurConfigurationException(
            "No API tokens are configured (Augur:Tokens) or stored (augur tokens create), and there is no Augur:AdminToken: add one, or serve on loopback with --dev-no-auth.");
    }

    private static void ValidateModels(AugurServerOptions options, List<string> problems)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < options.Models.Count; i++)
        {
            CatalogModelOptions model = options.Models[i];
            string where = $"Augur:Models:{i}";
            if (!ModelNames.IsWellFormed(model.Name))
                problems.Add($"{where}:Name '{model.Name}' is not a model name like @cf/author/model or @local/model.");
            else if (!names.Add(model.Name))
                problems.Add($"{where}:Name '{model.Name}' is given twice.");
            if (string.IsNullOrEmpty(model.File) || !File.Exists(model.File))
                problems.Add($"{where}:File '{model.File}' does not exist.");
            if (model.Tokenizer is not null && !File.Exists(model.Tokenizer))
                problems.Add($"{where}:Tokenizer '{model.Tokenizer}' does not exist.");
            if (model.ContextWindow < 0)
                problems.Add($"{where}:ContextWindow must be >= 0 (0 = the model's own), not {model.ContextWindow}.");
            if (model.PriceInputPerMillion < 0 || model.PriceOutputPerMillion < 0)
                problems.Add($"{where}: prices must be >= 0.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex AccountId();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    private static partial Regex Sha256Hex();
}
