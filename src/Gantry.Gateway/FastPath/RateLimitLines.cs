using System.Buffers;
using System.Buffers.Text;
using Gantry.Gateway.Policies;

namespace Gantry.Gateway.FastPath;

/// <summary>The RateLimit-* fields the framework path sets on an admitted request's answer, written as header lines.</summary>
internal static class RateLimitLines
{
    public static void Write(IBufferWriter<byte> client, in HeadAdmission admission)
    {
        if (admission.Texts is not { } texts)
        {
            return;
        }

        client.Write(texts.Lines);
        client.Write("RateLimit-Remaining: "u8);
        WriteNumber(client, admission.Rate.Remaining);
        client.Write("\r\nRateLimit-Reset: "u8);
        WriteNumber(client, admission.Rate.ResetSeconds);
        client.Write("\r\n"u8);
    }

    private static void WriteNumber(IBufferWriter<byte> client, long value)
    {
        var span = client.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        client.Advance(written);
    }
}
