using SkiaSharp;

namespace Augur.Bench;

/// <summary>Where the benchmark charts are written: SVG or PNG after the file's extension.</summary>
internal static class ChartFile
{
    /// <summary>Checks <paramref name="path"/> ends in <c>.svg</c> or <c>.png</c>; returns the extension, lower case.</summary>
    /// <exception cref="ArgumentException">It ends in neither.</exception>
    public static string Extension(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".svg" or ".png"))
            throw new ArgumentException($"The chart is written as .svg or .png, not '{extension}'.", nameof(path));
        return extension;
    }

    /// <summary>Draws a <paramref name="width"/> × <paramref name="height"/> canvas with <paramref name="render"/> into <paramref name="path"/>, replacing any file there.</summary>
    public static void Write(string path, int width, int height, Action<SKCanvas> render)
    {
        if (Extension(path) == ".svg")
        {
            using var stream = new SKFileWStream(path);
            using (SKCanvas canvas = SKSvgCanvas.Create(SKRect.Create(width, height), stream))
                render(canvas);
        }
        else
        {
            using var surface = SKSurface.Create(new SKImageInfo(width, height));
            render(surface.Canvas);
            using SKImage image = surface.Snapshot();
            using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
            using FileStream file = File.Create(path);
            png.SaveTo(file);
        }
    }
}
