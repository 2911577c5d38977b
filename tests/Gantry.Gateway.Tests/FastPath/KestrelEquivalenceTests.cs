using System.Text;

namespace Gantry.Gateway.Tests.FastPath;

/// <summary>
/// Sends every corpus request to a real Kestrel over a raw socket and checks that it answers exactly what the
/// parser's verdicts say: same statuses, same body lengths and targets, same request boundaries, same closing.
/// </summary>
public sealed class KestrelEquivalenceTests(KestrelProbe kestrel) : IClassFixture<KestrelProbe>
{
    private static readonly byte[] Sentinel = "GET /sentinel HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"u8.ToArray();

    public static TheoryData<string> CaseNames => [.. SmugglingCorpus.Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Kestrel_AnswersEveryCorpusRequest_AsTheParserDecidesIt(string name)
    {
        var corpusCase = SmugglingCorpus.Cases.Single(c => c.Name == name);
        var (expected, ending) = ParserModel.Run(corpusCase.Bytes);
        using var connection = await kestrel.ConnectAsync();
        await connection.SendAsync(corpusCase.Bytes);

        for (var i = 0; i < expected.Count; i++)
        {
            var response = await connection.ReadAsync();
            Assert.True(response is not null, $"Kestrel closed instead of answering {expected[i].Status}");
            var status = ending == ParserModel.Ending.Closed && i == expected.Count - 1 && expected[i].Status != 200
                ? corpusCase.KestrelStatus ?? expected[i].Status
                : expected[i].Status;
            Assert.Equal(status, response.Status);
            if (status == 200)
            {
                Assert.Equal(expected[i].Body, response.Body);
                Assert.Equal(expected[i].Closes, response.Closes);
            }
        }

        switch (ending)
        {
            case ParserModel.Ending.Closed:
                Assert.Null(await connection.ReadAsync());
                break;
            case ParserModel.Ending.Idle:
                // Kestrel kept nothing back: the next request it reads is the one sent next.
                await connection.SendAsync(Sentinel);
                Assert.Equal(new RawConnection.Response(200, true, "[0][/sentinel]"), await connection.ReadAsync());
                Assert.Null(await connection.ReadAsync());
                break;
            case ParserModel.Ending.Incomplete:
                // Kestrel waits as the parser does; when the client gives up, it answers 400 or just closes.
                connection.EndSending();
                var last = await connection.ReadAsync();
                Assert.True(last is null || last.Status == 400, $"Kestrel answered {last?.Status} to an incomplete request");
                break;
            case ParserModel.Ending.FallBack when expected.Count == 0:
                Assert.Equal(corpusCase.KestrelStatus, (await connection.ReadAsync())?.Status);
                break;
        }
    }

    [Fact]
    public void TheCorpus_HasOver40Requests_WithDistinctNames()
    {
        Assert.True(SmugglingCorpus.Cases.Count > 40);
        Assert.Equal(SmugglingCorpus.Cases.Count, SmugglingCorpus.Cases.Select(c => c.Name).Distinct().Count());
        Assert.All(SmugglingCorpus.Cases, c => Assert.Equal(c.Raw, Encoding.Latin1.GetString(c.Bytes)));
    }
}
