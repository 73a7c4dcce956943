using System.Runtime.InteropServices;
using LLama.Abstractions;
using LLama.Native;

namespace Augur.Reference.LlamaCpp;

/// <summary>
/// One-time setup of llama.cpp's native library as shipped in <c>LLamaSharp.Backend.Cpu</c>:
/// routes its logging (silent unless <c>AUGUR_LLAMACPP_LOG=1</c>) and loads the library before any
/// other LLamaSharp call, then remembers which build (AVX-512, AVX2, AVX or no-AVX) was picked.
/// </summary>
public static class LlamaCppNative
{
    /// <summary>The environment variable that turns llama.cpp's own log output (to stderr) on when "1".</summary>
    public const string LogVariable = "AUGUR_LLAMACPP_LOG";

    private static readonly Lock Gate = new();
    private static readonly bool LogEnabled = Environment.GetEnvironmentVariable(LogVariable) == "1";

    // Held here so the delegate that native code calls back into is never collected.
    private static readonly NativeLogConfig.LLamaLogCallback LogCallback = OnLog;
    private static string? _description;

    /// <summary>
    /// Which native build was loaded, e.g. <c>llama.cpp CPU (Avx512)</c>, followed by llama.cpp's
    /// system info line. Loads the library on first use.
    /// </summary>
    public static string Description
    {
        get
        {
            EnsureLoaded();
            return _description!;
        }
    }

    /// <summary>Configures and loads the native library once; later calls return at once.</summary>
    public static void EnsureLoaded()
    {
        if (_description is not null)
            return;

        lock (Gate)
        {
            if (_description is not null)
                return;

            // Configuration is only accepted before the first native call (which loads the library).
            if (!NativeLibraryConfig.LLama.LibraryHasLoaded)
                NativeLibraryConfig.All.WithLogCallback(LogCallback);

            // LLamaSharp installs its library resolver in NativeApi's static constructor; a P/Invoke made
            // elsewhere first (e.g. LLamaModelParams.Default()) would look for a bare "libllama" and fail.
            NativeApi.llama_empty_call();
            NativeLogConfig.llama_log_set(LogCallback);

            INativeLibrary? library = NativeApi.GetLoadedNativeLibrary(NativeLibraryName.LLama);
            string variant = library?.Metadata is { } metadata
                ? $"llama.cpp CPU ({metadata.AvxLevel}{(metadata.UseCuda ? ", CUDA" : "")}{(metadata.UseVulkan ? ", Vulkan" : "")})"
                : "llama.cpp (unknown build)";
            string systemInfo = Marshal.PtrToStringUTF8(NativeApi.llama_print_system_info()) ?? "";
            _description = $"{variant}; {systemInfo.Trim()}";

            if (LogEnabled)
                Console.Error.WriteLine($"[Augur.Reference.LlamaCpp] loaded {_description}");
        }
    }

    private static void OnLog(LLamaLogLevel level, string message)
    {
        if (LogEnabled)
            Console.Error.Write(level == LLamaLogLevel.Continue ? message : $"[llama.cpp {level}] {message}");
    }
}
