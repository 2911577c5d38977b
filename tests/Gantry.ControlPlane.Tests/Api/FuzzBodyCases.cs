using System.Text;

namespace Gantry.ControlPlane.Tests.Api;

/// <summary>Malformed bodies for every endpoint that takes one: broken JSON, wrong shapes and types, wrong content types.</summary>
internal static class FuzzBodyCases
{
    private const string App = AdminApiFixture.App;
    private const string Json = "application/json";

    /// <summary>Each endpoint with a body, with wrong types and bad values that only it can get wrong.</summary>
    private static readonly int[] BadRequest = [400];
    private static readonly int[] NotFound = [404];

    private static readonly BodyEndpoint[] Endpoints =
    [
        new("deploy", "POST", "/api/v1/deploy", OptionalBody: false, "{\"entry\": \"#\", \"files\": {\"score.yaml\": \"x\"}}",
            ["{\"entry\": 3, \"files\": {\"score.yaml\": \"x\"}}", "{\"entry\": \"score.yaml\", \"files\": [\"score.yaml\"]}", "{\"entry\": \"score.yaml\", \"files\": {\"score.yaml\": 1e999}}"],
            [("{\"entry\": \"score.yaml\", \"files\": {\"score.yaml\": null}}", BadRequest),
             ("{\"entry\": \"../../etc/passwd\", \"files\": {\"../../etc/passwd\": \"x: 1\"}}", BadRequest)]),
        new("rollback", "POST", $"/api/v1/apps/{App}/rollback", OptionalBody: true, "{\"to\": \"#\"}",
            ["{\"to\": \"two\"}", "{\"to\": 99999999999999999999}", "{\"to\": 1.5}"],
            [("{\"to\": -1}", NotFound), ("{\"to\": 2147483647}", NotFound)]),
        new("scale", "POST", $"/api/v1/apps/{App}/scale", OptionalBody: false, "{\"replicas\": {\"#\": 1}}",
            ["{\"replicas\": [\"web\"]}", "{\"replicas\": {\"web\": 99999999999}}", "{\"replicas\": {\"web\": \"three\"}}"],
            [("{\"replicas\": null}", BadRequest), ("{\"replicas\": {\"web\": -3}}", BadRequest), ("{\"replicas\": {\"../web\": 1}}", BadRequest)]),
        new("create key", "POST", $"/api/v1/apps/{App}/keys", OptionalBody: false, "{\"name\": \"#\"}",
            ["{\"name\": 42}", "{\"name\": \"mobile\", \"roles\": \"admin\"}", "{\"name\": {\"first\": \"x\"}}"],
            [("{\"name\": \"" + new string('k', 10_000) + "\"}", BadRequest), ("{\"name\": \"a\\u0000b\"}", BadRequest),
             ("{\"name\": \"ok\", \"roles\": [\"a,b\"]}", BadRequest)]),
        new("create block", "POST", $"/api/v1/apps/{App}/blocks", OptionalBody: false, "{\"kind\": \"ip\", \"value\": \"#\"}",
            ["{\"kind\": 1, \"value\": 2}", "{\"kind\": [\"ip\"]}"],
            [("{\"kind\": \"ip\", \"value\": \"999.1.1.1\"}", BadRequest), ("{\"kind\": \"password\", \"value\": \"x\"}", BadRequest),
             ("{\"kind\": \"ip\", \"value\": null}", BadRequest)]),
        new("upload certificate", "POST", "/api/v1/certificates", OptionalBody: false, "{\"certificate\": \"#\", \"key\": \"#\"}",
            ["{\"certificate\": true, \"key\": false}", "{\"certificate\": [\"-----BEGIN CERTIFICATE-----\"]}"],
            [("{\"certificate\": \"garbage\", \"key\": \"garbage\"}", BadRequest),
             ("{\"certificate\": \"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\", \"key\": \"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----\"}", BadRequest),
             ("{\"certificate\": \"" + new string('c', 70_000) + "\", \"key\": \"k\"}", BadRequest)]),
        new("add domain", "POST", $"/api/v1/apps/{App}/domains", OptionalBody: false, "{\"host\": \"#\"}",
            ["{\"host\": []}", "{\"host\": 12}"],
            [("{\"host\": \"exa mple..com\"}", BadRequest), ("{\"host\": \"www.example.test\", \"target\": \"elsewhere.test\"}", BadRequest),
             ("{\"host\": \"" + new string('h', 300) + ".test\"}", BadRequest)]),
        new("save target", "PUT", "/api/v1/targets/edge-cluster", OptionalBody: false, "{\"kind\": \"#\"}",
            ["{\"kind\": 7}", "{\"kind\": \"gitops\", \"repository\": {\"url\": \"x\"}}"],
            [("{\"kind\": \"mainframe\"}", BadRequest), ("{\"kind\": \"kubernetes\", \"kubeconfig\": \"relative/kubeconfig\"}", BadRequest),
             ("{\"kind\": \"gitops\", \"repository\": \"\"}", BadRequest)]),
        new("save environment", "PUT", $"/api/v1/environments/{AdminApiFixture.Environment}", OptionalBody: false, "{\"target\": \"#\"}",
            ["{\"target\": 5}", "{\"target\": [\"local\"]}"],
            [("{\"target\": \"nowhere\"}", BadRequest), ("{\"target\": \"\"}", BadRequest)]),
        new("promote", "POST", $"/api/v1/apps/{App}/promote", OptionalBody: false, "{\"from\": \"#\", \"to\": \"staging\"}",
            ["{\"from\": 1, \"to\": 2}", "{\"from\": [\"local\"], \"to\": \"staging\"}"],
            [("{\"from\": \"nowhere\", \"to\": \"staging\"}", NotFound), ("{\"from\": \"local\"}", BadRequest),
             ("{\"from\": \"local\", \"to\": \"../../prod\"}", NotFound)]),
    ];

    public static IEnumerable<FuzzCase> All() => Endpoints.SelectMany(Cases);

    private static IEnumerable<FuzzCase> Cases(BodyEndpoint e)
    {
        FuzzCase Send(string what, string? contentType, byte[] body, params int[] expected) =>
            new($"{e.Key}: {what}", e.Method, e.Path, expected) { ContentType = contentType, Body = body };

        yield return Send("truncated JSON", Json, Utf8("{\"name\": \"mob"), 400);
        yield return Send("a JSON array instead of an object", Json, Utf8("[]"), 400);
        yield return Send("a JSON string instead of an object", Json, Utf8("\"x\""), 400);
        yield return Send("a number too big for any type", Json, Utf8("123456789012345678901234567890e999999"), 400);
        yield return Send("arrays nested 10000 deep", Json, Utf8(new string('[', 10_000) + new string(']', 10_000)), 400);
        yield return Send("objects nested 5000 deep", Json, Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000)), 400);
        yield return Send("invalid UTF-8 inside a string", Json, [.. string.Join("\u00C3(\u00FF", e.InvalidUtf8.Split('#')).Select(c => (byte)c)], 400);
        yield return Send("a UTF-16 body declared as JSON", Json, Encoding.Unicode.GetBytes("{\"name\": \"x\"}"), 400);
        yield return Send("text/plain", "text/plain", Utf8("{}"), 415);
        yield return Send("application/xml", "application/xml", Utf8("<scale/>"), 415);
        // Deploy reads any form and then says what a multipart deploy needs: a 400 that explains is as good as a 415.
        yield return Send("form-urlencoded", "application/x-www-form-urlencoded", Utf8("name=x"), e.Key == "deploy" ? [400, 415] : [415]);
        yield return Send("JSON with an unknown charset", "application/json; charset=klingon", Utf8("{}"), 415);
        yield return Send("a content type that does not parse", ";;;", Utf8("{}"), 415);
        yield return Send("multipart without a boundary", "multipart/form-data", Utf8("--x\r\n\r\n--x--"), e.Key == "deploy" ? [400] : [415]);
        yield return new FuzzCase($"{e.Key}: no content type at all", e.Method, e.Path, 415) { Body = Utf8("{}") };
        if (!e.OptionalBody)
        {
            yield return Send("an empty body declared as JSON", Json, [], 400);
            yield return Send("null instead of an object", Json, Utf8("null"), 400);
        }

        foreach (var (body, i) in e.WrongTypes.Select((b, i) => (b, i + 1)))
        {
            yield return Send($"wrong type {i}", Json, Utf8(body), 400);
        }

        foreach (var ((body, expected), i) in e.BadValues.Select((b, i) => (b, i + 1)))
        {
            yield return Send($"bad value {i}", Json, Utf8(body), expected);
        }
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <param name="InvalidUtf8">A body whose <c>#</c> becomes bytes that are not UTF-8, inside a field the endpoint reads.</param>
    /// <param name="BadValues">Well-formed bodies with values the endpoint must refuse, each with the statuses that fit.</param>
    private sealed record BodyEndpoint(string Key, string Method, string Path, bool OptionalBody, string InvalidUtf8, string[] WrongTypes, (string Body, int[] Expected)[] BadValues);
}
