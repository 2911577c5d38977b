using System.Collections.Concurrent;

namespace Gantry.Gateway.Tls.Acme;

/// <summary>The http-01 answers the gateway serves at <c>/.well-known/acme-challenge/TOKEN</c> on its HTTP listener, before routing.</summary>
public sealed class Http01ChallengeStore : IHttp01ChallengeResponder
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    private readonly ConcurrentDictionary<string, string> _answers = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>True while some challenge is pending; until then requests skip the lookup.</summary>
    public bool Any => Volatile.Read(ref _count) > 0;

    public void Add(string token, string keyAuthorization)
    {
        if (_answers.TryAdd(token, keyAuthorization))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Remove(string token)
    {
        if (_answers.TryRemove(token, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Exactly these answers from now on: tokens left out are forgotten, new ones added.</summary>
    public void ReplaceAll(IEnumerable<KeyValuePair<string, string>> answers)
    {
        var next = answers.ToDictionary(StringComparer.Ordinal);
        foreach (var token in _answers.Keys.Where(t => !next.ContainsKey(t)))
        {
            Remove(token);
        }

        foreach (var (token, answer) in next)
        {
            Add(token, answer);
            _answers[token] = answer;
        }
    }

    /// <summary>Answers the request when it asks for a pending token; false when it is not such a request.</summary>
    public async ValueTask<bool> TryAnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path is null || !path.StartsWith(PathPrefix, StringComparison.Ordinal)
            || !_answers.TryGetValue(path[PathPrefix.Length..], out var answer))
        {
            return false;
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(answer);
        return true;
    }
}
