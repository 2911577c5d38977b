using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gantry.Runtime.Instances.Process;

/// <summary>
/// <c>{state}/{instance}.json</c>: what a restarted Gantry needs to adopt a running instance — its process (PID and start
/// time, so a reused PID is never taken for it), whose it is, the ports it was given and how far its output was read.
/// No environment: it may hold secrets, and the adopting Gantry computes it again from the release.
/// </summary>
internal sealed record InstanceRecord(
    int Pid,
    long StartTime,
    string InstanceId,
    string App,
    string Workload,
    int Release,
    IReadOnlyDictionary<int, int> HostPorts,
    string Stdout,
    string Stderr,
    long StdoutRead,
    long StderrRead)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public const string Extension = ".json";

    public static string PathOf(string stateDirectory, string instanceId) => Path.Combine(stateDirectory, instanceId + Extension);

    [JsonIgnore]
    public bool IsAlive => ProcFs.StartTime(Pid) == StartTime;

    /// <summary>Deletes the record and the output files it names; what they held is in the instance's log by now.</summary>
    public void Delete(string path)
    {
        DeleteOutput();
        TryDelete(path);
    }

    public void DeleteOutput()
    {
        TryDelete(Stdout);
        TryDelete(Stderr);
    }

    public static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale file is harmless: start times tell a reused PID apart, and output files are named per start.
        }
    }

    public void Write(string path)
    {
        // Per writer: the pump and the driver may both write one record; the rename makes each write whole.
        var temporary = $"{path}.{Environment.CurrentManagedThreadId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The record, or null when the file is missing, unreadable or not one (a stale or foreign file names nothing to trust).</summary>
    public static InstanceRecord? TryRead(string path)
    {
        try
        {
            var record = JsonSerializer.Deserialize<InstanceRecord>(File.ReadAllText(path), Json);
            return record is { Pid: > 1, InstanceId.Length: > 0, HostPorts: not null, Stdout.Length: > 0, Stderr.Length: > 0 } ? record : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
