namespace Gantry.Testing;

/// <summary>
/// The container engine the tests use: a real Podman serving the Docker API at <c>DOCKER_HOST</c>, which
/// <c>./test.sh</c> starts (<c>tests/engine/podman.sh</c>). Without it, container tests fail; they never skip.
/// </summary>
public static class TestEngine
{
    public static string DockerHost =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host
            ? host
            : throw new InvalidOperationException(
                "DOCKER_HOST is not set: the container tests need a Docker API. Run ./test.sh, or: export DOCKER_HOST=$(tests/engine/podman.sh start artifacts/podman)");
}
