using System.Globalization;
using System.Text;

namespace Gantry.Gateway.Policies;

/// <summary>
/// A limit's RateLimit-Limit and RateLimit-Policy values, made once per limit and window rather than per request (a
/// route's quota rarely changes which window binds), as texts for the framework path and header lines for the fast path.
/// </summary>
internal sealed class RateLimitTexts
{
    private RateLimitTexts(int value, long windowSeconds)
    {
        Value = value;
        WindowSeconds = windowSeconds;
        Limit = value.ToString(CultureInfo.InvariantCulture);
        Policy = windowSeconds > 0 ? $"{Limit};w={windowSeconds}" : Limit;
        Lines = Encoding.ASCII.GetBytes($"RateLimit-Limit: {Limit}\r\nRateLimit-Policy: {Policy}\r\n");
    }

    public int Value { get; }

    public long WindowSeconds { get; }

    public string Limit { get; }

    public string Policy { get; }

    /// <summary><c>RateLimit-Limit</c> and <c>RateLimit-Policy</c> as header lines.</summary>
    public byte[] Lines { get; }

    /// <summary>The texts for <paramref name="decision"/>: <paramref name="last"/> when they still fit, else new ones kept there.</summary>
    public static RateLimitTexts For(ref RateLimitTexts? last, in QuotaDecision decision)
    {
        var texts = Volatile.Read(ref last);
        if (texts is null || texts.Value != decision.Limit || texts.WindowSeconds != decision.WindowSeconds)
        {
            texts = new RateLimitTexts(decision.Limit, decision.WindowSeconds);
            Volatile.Write(ref last, texts);
        }

        return texts;
    }
}
