namespace Gantry.ControlPlane.Tests.Api;

/// <summary>Malformed paths, query strings, methods and headers, against the mutating endpoints and a sample of reads.</summary>
internal static class FuzzRequestCases
{
    private const string App = AdminApiFixture.App;
    private const string Json = "application/json";

    public static IEnumerable<FuzzCase> All() => Paths().Concat(Queries()).Concat(Methods()).Concat(Headers());

    private static IEnumerable<FuzzCase> Paths()
    {
        var overlong = new string('a', 300);
        yield return new("path: encoded ../ as the app", "GET", "/api/v1/apps/..%2F..%2Fetc%2Fpasswd", 404);
        yield return new("path: encoded dots as the app", "GET", "/api/v1/apps/%2e%2e/releases", 404);
        yield return new("path: NUL in the app name", "GET", $"/api/v1/apps/{App}%00/releases", 400) { RefusedBeforeThePipeline = true };
        yield return new("path: NUL as the release", "GET", $"/api/v1/apps/{App}/releases/%00", 400) { RefusedBeforeThePipeline = true };
        yield return new("path: overlong app name", "GET", $"/api/v1/apps/{overlong}", 404);
        yield return new("path: upper case and underscore in the app", "GET", "/api/v1/apps/Shop_App/releases", 404);
        yield return new("path: emoji as the app", "GET", "/api/v1/apps/%F0%9F%92%A5", 404);
        yield return new("path: encoded invalid UTF-8 as the app", "GET", "/api/v1/apps/%C3%28%FF", 404);
        yield return new("path: raw invalid UTF-8 bytes in the path", "GET", "/api/v1/apps/\u00C3\u0028\u00FF", 400) { RefusedBeforeThePipeline = true };
        yield return new("path: a malformed percent escape", "GET", "/api/v1/apps/%ZZ/releases", 404);
        yield return new("path: an app that does not exist", "GET", "/api/v1/apps/no-such-app", 404);
        yield return new("path: releases of an app that does not exist", "GET", "/api/v1/apps/no-such-app/releases/1", 404);
        yield return new("path: a non-numeric release", "GET", $"/api/v1/apps/{App}/releases/latest", 404);
        yield return new("path: a release beyond int", "GET", $"/api/v1/apps/{App}/releases/99999999999999999999", 404);
        yield return new("path: a negative release", "GET", $"/api/v1/apps/{App}/releases/-1", 404);
        yield return new("path: the largest release number", "GET", $"/api/v1/apps/{App}/releases/2147483647", 404);
        yield return new("path: a fractional release", "GET", $"/api/v1/apps/{App}/releases/1.5", 404);
        yield return new("path: an environment release that is not a number", "GET", $"/api/v1/apps/{App}/environments/staging/releases/abc", 404);
        yield return new("path: encoded ../ as the environment", "GET", $"/api/v1/apps/{App}/environments/..%2F..%2Fkeys/releases/1", 404);
        yield return new("path: an unknown API path", "GET", "/api/v1/no-such-thing", 404);
        yield return new("path: a request line longer than Kestrel takes", "GET", "/api/v1/apps/" + new string('x', 20_000), 414) { RefusedBeforeThePipeline = true };
        yield return new("delete: encoded ../ as the app", "DELETE", "/api/v1/apps/..%2Fshop", 404);
        yield return new("delete: an app that does not exist", "DELETE", "/api/v1/apps/no-such-app", 404);
        yield return new("delete: encoded ../ as the key id", "DELETE", $"/api/v1/apps/{App}/keys/..%2F..%2Fkeys", 404);
        yield return new("delete: a key that does not exist", "DELETE", $"/api/v1/apps/{App}/keys/no-such-key", 404);
        yield return new("delete: an overlong key id", "DELETE", $"/api/v1/apps/{App}/keys/{new string('k', 4000)}", 404);
        yield return new("delete: a non-numeric block", "DELETE", $"/api/v1/apps/{App}/blocks/abc", 404);
        yield return new("delete: a block beyond long", "DELETE", $"/api/v1/apps/{App}/blocks/99999999999999999999999", 404);
        yield return new("delete: the smallest certificate id", "DELETE", "/api/v1/certificates/-9223372036854775808", 404);
        yield return new("delete: NUL as the certificate", "DELETE", "/api/v1/certificates/%00", 400) { RefusedBeforeThePipeline = true };
        yield return new("delete: encoded ../ as the domain", "DELETE", $"/api/v1/apps/{App}/domains/%2e%2e%2f%2e%2e", 404);
        yield return new("delete: a domain with spaces", "DELETE", $"/api/v1/apps/{App}/domains/not%20a%20host", 404);
        yield return new("delete: an overlong target", "DELETE", $"/api/v1/targets/{new string('t', 1000)}", 400, 404);
        yield return new("delete: encoded ../ as the target", "DELETE", "/api/v1/targets/..%2F..%2Fgantry.db", 400, 404);
        yield return new("delete: a blank environment", "DELETE", "/api/v1/environments/%20", 400, 404);
        yield return new("delete: an environment with odd characters", "DELETE", "/api/v1/environments/pr%C3%B6d%3Bdrop", 400, 404);
        yield return new("put: an environment named with odd characters", "PUT", "/api/v1/environments/Bad_Name!", 400) { ContentType = Json, Body = FuzzBodyCases.Utf8("{\"target\": \"local\"}") };
        yield return new("put: an environment named 'local'", "PUT", "/api/v1/environments/local", 400) { ContentType = Json, Body = FuzzBodyCases.Utf8("{\"target\": \"local\"}") };
        yield return new("post: scale an app that does not exist", "POST", "/api/v1/apps/no-such-app/scale", 404) { ContentType = Json, Body = FuzzBodyCases.Utf8("{\"replicas\": {\"web\": 1}}") };
        yield return new("post: keys of an app that does not exist", "POST", "/api/v1/apps/no-such-app/keys", 404) { ContentType = Json, Body = FuzzBodyCases.Utf8("{\"name\": \"x\"}") };
    }

    private static IEnumerable<FuzzCase> Queries()
    {
        yield return new("query: events after a word", "GET", "/api/v1/events?after=yesterday", 400);
        yield return new("query: events limit beyond int", "GET", "/api/v1/events?limit=99999999999999999999", 400);
        yield return new("query: events after twice", "GET", "/api/v1/events?after=1&after=2", 400);
        yield return new("query: logs since garbage", "GET", $"/api/v1/apps/{App}/logs?since=the-dawn-of-time", 400);
        yield return new("query: logs follow maybe", "GET", $"/api/v1/apps/{App}/logs?follow=maybe", 400);
        yield return new("query: logs limit not a number", "GET", $"/api/v1/apps/{App}/logs?limit=many", 400);
        yield return new("query: logs of a workload path", "GET", $"/api/v1/apps/{App}/logs?workload=..%2F..%2Fetc", 400);
        yield return new("query: delete purging volumes perhaps", "DELETE", $"/api/v1/apps/{App}?purgeVolumes=perhaps", 400);
    }

    private static IEnumerable<FuzzCase> Methods()
    {
        yield return new("method: PATCH an app", "PATCH", $"/api/v1/apps/{App}", 405);
        yield return new("method: GET the deploy endpoint", "GET", "/api/v1/deploy", 405);
        yield return new("method: PUT a release", "PUT", $"/api/v1/apps/{App}/releases/1", 405) { ContentType = Json, Body = FuzzBodyCases.Utf8("{}") };
        yield return new("method: DELETE the certificate list", "DELETE", "/api/v1/certificates", 405);
        yield return new("method: an invented method", "BREW", "/api/v1/apps", 405);
    }

    private static IEnumerable<FuzzCase> Headers()
    {
        var deploy = "/api/v1/deploy";
        var scale = $"/api/v1/apps/{App}/scale";
        // Scales a workload the app does not have: whatever gets through is still refused, and nothing changes.
        var body = FuzzBodyCases.Utf8("{\"replicas\": {\"nope\": 1}}");
        yield return new("header: Content-Length not a number", "POST", deploy, 400) { ContentType = Json, Body = body, CountsBody = false, Headers = ["Content-Length: abc"], RefusedBeforeThePipeline = true };
        yield return new("header: Content-Length negative", "POST", deploy, 400) { ContentType = Json, Body = body, CountsBody = false, Headers = ["Content-Length: -1"], RefusedBeforeThePipeline = true };
        yield return new("header: two different Content-Lengths", "POST", deploy, 400) { ContentType = Json, Body = body, CountsBody = false, Headers = ["Content-Length: 3", "Content-Length: 7"], RefusedBeforeThePipeline = true };
        yield return new("header: Content-Length beyond long", "POST", scale, 400) { ContentType = Json, Body = body, CountsBody = false, Headers = ["Content-Length: 99999999999999999999999"], RefusedBeforeThePipeline = true };
        yield return new("header: Content-Length shorter than the body (deploy)", "POST", deploy, 400) { ContentType = Json, Body = body, CountsBody = false, Headers = ["Content-Length: 5"] };
        yield return new("header: Content-Length shorter than the body (scale)", "POST", scale, 400) { ContentType = Json, Body = body, CountsBody = false, Headers = ["Content-Length: 5"] };
        yield return new("header: Content-Length and chunked together", "POST", scale, 400) { ContentType = Json, Body = FuzzBodyCases.Utf8("2\r\n{}\r\n0\r\n\r\n"), CountsBody = false, Headers = ["Content-Length: 4", "Transfer-Encoding: chunked"] };
        yield return new("header: Content-Length beyond the upload limit (deploy)", "POST", deploy, 413) { ContentType = Json, CountsBody = false, Headers = ["Content-Length: 99999999999"] };
        yield return new("header: Content-Length beyond the upload limit (scale)", "POST", scale, 413) { ContentType = Json, CountsBody = false, Headers = ["Content-Length: 99999999999"] };
        yield return new("header: a chunk size that is not hex", "POST", scale, 400) { ContentType = Json, Body = FuzzBodyCases.Utf8("zz\r\n{}\r\n0\r\n\r\n"), CountsBody = false, Headers = ["Transfer-Encoding: chunked"] };
        yield return new("header: a Content-Type of only parameters", "POST", scale, 415) { ContentType = "; charset=utf-8", Body = body };
        yield return new("header: a Content-Type with a bad parameter", "POST", scale, 400, 415) { ContentType = "application/json; charset", Body = body };
        yield return new("header: Accept an image on a missing app", "GET", "/api/v1/apps/no-such-app", 404) { Headers = ["Accept: image/png"] };
        yield return new("header: Accept XML on a bad body", "POST", scale, 400) { ContentType = Json, Body = FuzzBodyCases.Utf8("{"), Headers = ["Accept: application/xml"] };
        yield return new("header: Accept nonsense on an unknown path", "GET", "/api/v1/no-such-thing", 404) { Headers = ["Accept: ,,,;q=banana, */*;q=-1"] };
        yield return new("header: Accept text/html on a bad query", "GET", "/api/v1/events?after=x", 400) { Headers = ["Accept: text/html"] };
        yield return new("header: Accept nothing acceptable on a wrong method", "PATCH", $"/api/v1/apps/{App}", 405) { Headers = ["Accept: application/vnd.gantry+xml;q=1, */*;q=0"] };
        yield return new("auth: a second Authorization header with Basic", "GET", "/api/v1/apps", 401) { Headers = ["Authorization: Basic Zm9vOmJhcg=="] };
        yield return new("auth: Bearer and Basic in one header", "GET", "/api/v1/apps", 401) { Authorization = $"Bearer {FuzzCase.Token}, Basic Zm9vOmJhcg==" };
        yield return new("auth: the token under the Basic scheme", "POST", scale, 401) { Authorization = $"Basic {FuzzCase.Token}", ContentType = Json, Body = body };
        yield return new("auth: Bearer with no token", "GET", "/api/v1/apps", 401) { Authorization = "Bearer" };
        yield return new("auth: the token with garbage after it", "GET", "/api/v1/apps", 401) { Authorization = $"Bearer {FuzzCase.Token} extra" };
        yield return new("auth: a Negotiate blob", "DELETE", $"/api/v1/apps/{App}", 401) { Authorization = "Negotiate YIIBhwYGKwYBBQUCoIIBezCCAXeg" };
        yield return new("auth: an invented scheme", "GET", "/api/v1/events", 401) { Authorization = $"Gantry {FuzzCase.Token}" };
    }
}
