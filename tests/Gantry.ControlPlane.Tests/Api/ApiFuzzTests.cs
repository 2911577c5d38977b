namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Malformed bodies, paths, queries, methods and headers against every mutating endpoint and a sample of reads: each gets
/// the 4xx that fits, as RFC 9457 problem JSON with nothing of the server's insides in it, never a 500.
/// </summary>
public sealed class ApiFuzzTests(AdminApiFixture fixture) : IClassFixture<AdminApiFixture>
{
    private static readonly IReadOnlyDictionary<string, FuzzCase> Cases =
        FuzzBodyCases.All().Concat(FuzzRequestCases.All()).ToDictionary(c => c.Name);

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task MalformedRequest_GetsTheFitting4xxAsAProblem_NeverA500OrAStackTrace(string name)
    {
        var fuzz = Cases[name];
        var token = fixture.Server.Admin.DefaultRequestHeaders.Authorization!.Parameter!;

        var response = await RawHttp.SendAsync(fixture.Server.Server.AdminUrl, fuzz.ToBytes(fixture.Server.Server.AdminUrl, token));

        var seen = $"{response.Status} {response.ContentType}: {response.Body}";
        Assert.True(fuzz.Expected.Contains(response.Status), $"expected {string.Join(" or ", fuzz.Expected)}, got {seen}");
        Assert.DoesNotContain(" at Gantry.", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Microsoft.", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);

        // Nor the server's types: a client learns which field is wrong, not how the server is built.
        Assert.DoesNotContain("Gantry.", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Nullable<", response.Body, StringComparison.Ordinal);
        if (fuzz.RefusedBeforeThePipeline)
        {
            Assert.Equal("", response.Body);
            return;
        }

        Assert.True(response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true, $"not a problem: {seen}");
        using var problem = System.Text.Json.JsonDocument.Parse(response.Body);
        Assert.Equal(response.Status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 }, $"a problem that does not say what is wrong: {seen}");
    }

    [Fact]
    public void TheFuzzCases_AreManyAndCoverEveryMutatingEndpoint()
    {
        Assert.True(Cases.Count >= 100, $"only {Cases.Count} cases");
        string[] mutating = ["POST /api/v1/deploy", "POST /api/v1/apps/shop/rollback", "POST /api/v1/apps/shop/scale", "POST /api/v1/apps/shop/keys",
            "POST /api/v1/apps/shop/blocks", "POST /api/v1/certificates", "POST /api/v1/apps/shop/domains", "PUT /api/v1/targets/", "PUT /api/v1/environments/",
            "POST /api/v1/apps/shop/promote", "DELETE /api/v1/apps/", "DELETE /api/v1/apps/shop/keys/", "DELETE /api/v1/apps/shop/blocks/",
            "DELETE /api/v1/certificates/", "DELETE /api/v1/apps/shop/domains/", "DELETE /api/v1/targets/", "DELETE /api/v1/environments/"];
        var sent = Cases.Values.Select(c => $"{c.Method} {c.Target}").ToList();

        var missed = mutating.Where(m => !sent.Any(s => s.StartsWith(m, StringComparison.Ordinal))).ToList();
        Assert.True(missed.Count == 0, $"no case for {string.Join(", ", missed)}");
    }
}
