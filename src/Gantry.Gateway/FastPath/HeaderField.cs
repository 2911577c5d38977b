namespace Gantry.Gateway.FastPath;

/// <summary>Where one header field's name and (OWS-trimmed) value sit in <see cref="RequestHead.Bytes"/>.</summary>
public readonly record struct HeaderField(int NameStart, int NameLength, int ValueStart, int ValueLength);
