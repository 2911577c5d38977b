using System.Text;
using Gantry.Gateway.FastPath;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>
/// One raw request of the corpus and the parser's verdict on it: Accept with its body length, Reject with a status,
/// FallBack (with what Kestrel then answers), or Incomplete (the parser waits for more bytes, as Kestrel does).
/// </summary>
/// <param name="KestrelStatus">Kestrel's status where it differs from the parser's (a rejection Kestrel answers with 500), or what it answers a fall-back.</param>
public sealed record CorpusCase(string Name, string Raw, FastPathOutcome? Outcome, int Status = 0, long BodyLength = 0, int? KestrelStatus = null)
{
    /// <summary>The request bytes: each char of <see cref="Raw"/> is one byte (Latin-1), so "\xff" is the byte 0xff.</summary>
    public byte[] Bytes => Encoding.Latin1.GetBytes(Raw);

    public static CorpusCase Accept(string name, string raw, long bodyLength = 0) => new(name, raw, FastPathOutcome.Accept, 200, bodyLength);

    public static CorpusCase Reject(string name, string raw, int status = 400, int? kestrelStatus = null) => new(name, raw, FastPathOutcome.Reject, status, KestrelStatus: kestrelStatus);

    public static CorpusCase FallBack(string name, string raw, int kestrelStatus = 200) => new(name, raw, FastPathOutcome.FallBack, KestrelStatus: kestrelStatus);

    public static CorpusCase Incomplete(string name, string raw) => new(name, raw, null);

    public override string ToString() => Name;
}
