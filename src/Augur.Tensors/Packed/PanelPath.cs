namespace Augur.Tensors.Packed;

/// <summary>Which implementation of the panel kernels runs.</summary>
public enum PanelPath
{
    /// <summary>The scalar reference.</summary>
    Scalar,

    /// <summary>AVX2, byte products widened to 16 bits.</summary>
    Widened,

    /// <summary>AVX-VNNI <c>vpdpbusd</c>.</summary>
    Vnni,
}
