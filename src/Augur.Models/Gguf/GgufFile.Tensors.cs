using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Augur.Tensors;

namespace Augur.Models.Gguf;

public sealed unsafe partial class GgufFile
{
    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public GgufTensorInfo? FindTensor(string name) => _tensorsByName.GetValueOrDefault(name);

    /// <summary>The tensor named <paramref name="name"/>; a <see cref="ModelLoadException"/> when the file lacks it.</summary>
    public GgufTensorInfo GetTensor(string name) => FindTensor(name) ?? throw Fault($"tensor '{name}' is missing");

    /// <summary>The start of a tensor's data in the mapping (valid until <see cref="Dispose"/>); <see cref="GgufTensorInfo.ByteLength"/> bytes.</summary>
    public byte* GetTensorPointer(GgufTensorInfo tensor)
    {
        CheckOwned(tensor);
        byte* @base = _base;
        if (@base == null)
            throw new ObjectDisposedException(nameof(GgufFile), $"{Path} was disposed.");
        return @base + DataOffset + tensor.Offset;
    }

    /// <summary>A tensor's raw bytes, in place. Throws <see cref="ModelLoadException"/> for tensors over 2 GiB (use <see cref="GetTensorPointer"/>).</summary>
    public ReadOnlySpan<byte> GetTensorData(GgufTensorInfo tensor)
    {
        byte* data = GetTensorPointer(tensor);
        if (tensor.ByteLength > int.MaxValue)
            throw Fault($"tensor '{tensor.Name}' is {tensor.ByteLength} bytes, too large for a span");
        return new ReadOnlySpan<byte>(data, (int)tensor.ByteLength);
    }

    /// <summary>
    /// A tensor as a matrix, in place: <c>Columns = ne0</c>, <c>Rows = ne1·ne2·ne3</c> (a 1-D tensor is one row).
    /// Throws <see cref="ModelLoadException"/> when the type is unsupported or a side exceeds <see cref="int.MaxValue"/>.
    /// </summary>
    public WeightMatrix GetWeightMatrix(GgufTensorInfo tensor)
    {
        byte* data = GetTensorPointer(tensor);
        CheckSupported(tensor);
        long columns = tensor.Dimensions[0];
        long rows = tensor.ElementCount / columns;
        if (columns > int.MaxValue || rows > int.MaxValue || TensorTypeInfo.ByteCount(tensor.Type, columns) > int.MaxValue)
            throw Fault($"tensor '{tensor.Name}' ({rows} rows × {columns} columns) is too large for a weight matrix");
        return new WeightMatrix(tensor.Type, (int)rows, (int)columns, data);
    }

    /// <summary>A small F32, F16 or BF16 tensor (a norm weight, a bias) converted to a new float array.</summary>
    public float[] ReadFloat32(GgufTensorInfo tensor)
    {
        ReadOnlySpan<byte> data = GetTensorData(tensor);
        if (tensor.ElementCount > Array.MaxLength)
            throw Fault($"tensor '{tensor.Name}' has {tensor.ElementCount} elements, too many for an array");
        var result = new float[tensor.ElementCount];
        switch (tensor.Type)
        {
            case TensorType.F32:
                data.CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
                break;
            case TensorType.F16:
                var halves = MemoryMarshal.Cast<byte, Half>(data);
                TensorPrimitives.ConvertToSingle(halves, result);
                break;
            case TensorType.BF16:
                for (int i = 0; i < result.Length; i++)
                    result[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]) << 16);
                break;
            default:
                throw Fault($"tensor '{tensor.Name}' is {tensor.Type}; only F32, F16 and BF16 tensors read as floats");
        }
        return result;
    }

    private void CheckOwned(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if ((uint)tensor.Index >= (uint)_header.Tensors.Length || !ReferenceEquals(_header.Tensors[tensor.Index], tensor))
            throw new ArgumentException($"Tensor '{tensor.Name}' belongs to another file.", nameof(tensor));
    }

    private void CheckSupported(GgufTensorInfo tensor)
    {
        if (!tensor.IsSupported)
            throw Fault($"tensor '{tensor.Name}' has type {tensor.Type}, which Augur cannot compute with");
    }
}
