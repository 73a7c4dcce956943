using Augur.Models.Gguf;
using Augur.Tensors;
using Augur.Tensors.Quant;

namespace Augur.Models.Quantization;

/// <summary>
/// Rewrites a GGUF model with its weights in another <see cref="TensorType"/> (<c>augur quantize</c>). Every 2-D tensor
/// becomes the target type where its row length is a whole number of the target's blocks; otherwise it falls back as
/// llama.cpp does: to Q8_0 when a K-quant was asked for and the rows fit 32-element blocks, else to F16. 1-D tensors
/// (norms, biases, <c>rope_freqs</c>) are written as F32. A tensor already in its chosen type is copied unchanged;
/// any other is dequantized row by row and quantized with ggml's reference rounding.
/// </summary>
/// <remarks>
/// The input stays memory-mapped and the output is streamed a few megabytes at a time, so a model larger than memory
/// can be quantized. Rows of one chunk are quantized in parallel. Nothing is logged; progress goes to the callback.
/// </remarks>
public static class GgufQuantizer
{
    /// <summary>Value of <c>general.quantization_version</c> for files with quantized tensors, as llama.cpp writes it.</summary>
    private const uint QuantizationVersion = 2;

    /// <summary>Output bytes converted per parallel chunk.</summary>
    private const int ChunkBytes = 4 << 20;

    /// <summary>
    /// Quantizes <paramref name="inputPath"/> into <paramref name="outputPath"/> (replaced if present, written under a
    /// temporary name first). Metadata is copied, with <c>general.file_type</c> set to the target's llama.cpp value
    /// (<see cref="TensorTypeNames.FileType"/>). <paramref name="progress"/> receives the fraction of input tensor bytes
    /// done, from 0 to 1.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="targetType"/> is not a target in <see cref="TensorTypeNames"/>,
    /// or the output path is the input path.</exception>
    /// <exception cref="ModelLoadException">The input is not a valid GGUF file, or holds a tensor that cannot be dequantized.</exception>
    public static void Quantize(string inputPath, string outputPath, TensorType targetType, Action<double>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        if (!TensorTypeNames.IsTarget(targetType))
            throw new ArgumentException($"{targetType} is not a quantization target; valid: {string.Join(", ", TensorTypeNames.ValidNames)}.", nameof(targetType));
        if (string.Equals(Path.GetFullPath(inputPath), Path.GetFullPath(outputPath), StringComparison.Ordinal))
            throw new ArgumentException("The output file must differ from the input file.", nameof(outputPath));

        using GgufFile input = GgufFile.Open(inputPath);
        var writer = new GgufWriter().CopyMetadataFrom(input);
        writer.Set(GgufKeys.GeneralFileType, GgufValue.From(TensorTypeNames.FileType(targetType)));
        if (TensorTypeInfo.BlockSize(targetType) > 1)
            writer.Set(GgufKeys.GeneralQuantizationVersion, GgufValue.From(QuantizationVersion));

        var tracker = new ProgressTracker(progress, input.Tensors.Sum(t => t.ByteLength));
        foreach (GgufTensorInfo tensor in input.Tensors)
        {
            TensorType type = ChooseType(tensor, targetType);
            if (type != tensor.Type && !tensor.IsSupported)
            {
                throw new ModelLoadException(input.Path,
                    $"tensor '{tensor.Name}' is {tensor.Type}, which Augur cannot dequantize to convert it to {type}.");
            }
            Action<Stream> write = type == tensor.Type
                ? stream => CopyRaw(input, tensor, stream, tracker)
                : stream => ConvertRows(input, tensor, type, stream, tracker);
            writer.AddTensor(tensor.Name, type, tensor.Dimensions, write);
        }

        AtomicFile.Write(outputPath, writer.Write);
        progress?.Invoke(1.0);
    }

    /// <summary>
    /// The type <paramref name="tensor"/> gets when quantizing to <paramref name="target"/>: F32 for 1-D tensors; for
    /// matrices the target if the row length (ne0) is a multiple of its block size, else Q8_0 (K-quant targets whose rows
    /// fit 32-blocks), else F16.
    /// </summary>
    public static TensorType ChooseType(GgufTensorInfo tensor, TensorType target)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (GgufTensorSource.Rank(tensor) < 2)
            return TensorType.F32;
        long columns = tensor.Dimensions[0];
        if (columns % TensorTypeInfo.BlockSize(target) == 0)
            return target;
        bool kQuant = target is TensorType.Q4_K or TensorType.Q5_K or TensorType.Q6_K;
        if (kQuant && columns % TensorTypeInfo.BlockSize(TensorType.Q8_0) == 0)
            return TensorType.Q8_0;
        return TensorType.F16;
    }

    private static unsafe void CopyRaw(GgufFile input, GgufTensorInfo tensor, Stream stream, ProgressTracker tracker)
    {
        byte* data = input.GetTensorPointer(tensor);
        for (long done = 0; done < tensor.ByteLength;)
        {
            int count = (int)Math.Min(ChunkBytes, tensor.ByteLength - done);
            stream.Write(new ReadOnlySpan<byte>(data + done, count));
            done += count;
            tracker.Advance(count);
        }
    }

    private static void ConvertRows(GgufFile input, GgufTensorInfo tensor, TensorType type, Stream stream, ProgressTracker tracker)
    {
        WeightMatrix source = input.GetWeightMatrix(tensor);
        int columns = source.Columns;
        int rowBytes = checked((int)TensorTypeInfo.ByteCount(type, columns));
        int chunkRows = Math.Clamp(ChunkBytes / Math.Max(rowBytes, source.RowBytes), 1, source.Rows);
        byte[] chunk = new byte[(long)chunkRows * rowBytes];

        for (int start = 0; start < source.Rows; start += chunkRows)
        {
            int rows = Math.Min(chunkRows, source.Rows - start);
            Parallel.For(0, rows, () => new float[columns], (i, _, floats) =>
            {
                QuantFormats.Dequantize(source.Type, source.Row(start + i), floats);
                QuantFormats.Quantize(type, floats, chunk.AsSpan(i * rowBytes, rowBytes));
                return floats;
            }, static _ => { });
            stream.Write(chunk, 0, rows * rowBytes);
            tracker.Advance((long)rows * source.RowBytes);
        }
    }
}
