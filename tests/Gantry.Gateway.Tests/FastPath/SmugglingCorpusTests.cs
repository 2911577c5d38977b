using System.Buffers;
using Gantry.Gateway.FastPath;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>The parser gives every corpus request its recorded verdict, however the bytes are split into segments.</summary>
public sealed class SmugglingCorpusTests
{
    public static TheoryData<string> CaseNames => [.. SmugglingCorpus.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void TheParser_GivesEveryCorpusRequest_ItsRecordedVerdict(string name)
    {
        var corpusCase = SmugglingCorpus.Cases.Single(c => c.Name == name);
        var (responses, ending) = ParserModel.Run(corpusCase.Bytes);

        switch (corpusCase.Outcome)
        {
            case FastPathOutcome.Accept:
                Assert.NotEmpty(responses);
                Assert.Equal(200, responses[0].Status);
                Assert.StartsWith($"[{corpusCase.BodyLength}]", responses[0].Body);
                break;
            case FastPathOutcome.Reject:
                Assert.Equal(ParserModel.Ending.Closed, ending);
                Assert.Equal(corpusCase.Status, responses.Single().Status);
                break;
            case FastPathOutcome.FallBack:
                Assert.Equal(ParserModel.Ending.FallBack, ending);
                Assert.Empty(responses);
                break;
            default:
                Assert.Equal(ParserModel.Ending.Incomplete, ending);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void TheHeadVerdict_IsTheSame_WhereverTheBytesAreSplit(string name)
    {
        var bytes = SmugglingCorpus.Cases.Single(c => c.Name == name).Bytes;
        var parser = new Http1RequestParser();
        using var head = new RequestHead();
        var whole = parser.TryParseHead(new ReadOnlySequence<byte>(bytes), head, out var consumed, out _);
        var verdict = head.Verdict;
        var consumedBytes = head.Consumed;

        var step = Math.Max(1, bytes.Length / 300);
        for (var split = 1; split < bytes.Length; split += step)
        {
            var split2 = Math.Min(bytes.Length, split + 3);
            var segmented = Segments.Of(bytes[..split], bytes[split..split2], bytes[split2..]);
            Assert.Equal(whole, parser.TryParseHead(segmented, head, out _, out _));
            Assert.Equal(verdict, head.Verdict);
            Assert.Equal(consumedBytes, head.Consumed);
        }
    }
}
