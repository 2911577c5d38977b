using Gantry.AppModel.Provisioners;

namespace Gantry.AppModel.Tests.Provisioners;

public sealed class ProvisionerDefinitionParserTests
{
    private const string Header = """
        apiVersion: gantry.dev/v1
        kind: Provisioner
        type: cache

        """;

    private static ProvisionerLoadResult Parse(string body) => ProvisionerFiles.Parse(Header + body, "cache.yaml");

    private static ProvisionerDefinition Valid(string body)
    {
        var result = Parse(body);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Assert.Single(result.Definitions);
    }

    [Fact]
    public void Parse_WithOnlyTheRequiredFields_UsesTheDefaults()
    {
        var definition = Valid("""
            outputs:
              prefix: "{{ app }}:{{ resource.name }}:"
            """);

        Assert.Equal(("cache", "default", "", "cache.yaml"), (definition.Type, definition.Class, definition.Description, definition.Source));
        Assert.Equal(new OutputDefinition("prefix", "{{ app }}:{{ resource.name }}:", false), Assert.Single(definition.Outputs));
        Assert.Null(definition.Service);
        Assert.Empty(definition.Provision);
        Assert.Null(definition.Backup);
    }

    [Fact]
    public void Parse_AllowsSecretsInEnvStdinAndSecretOutputs_AndPlainGeneratedValuesInPlainOutputs()
    {
        var definition = Valid("""
            generate:
              user: { template: "{{ resource.key }}", identifier: true }
              token: { random: 16, secret: true }
            outputs:
              user: "{{ resource.user }}"
              url: { template: "cache://{{ resource.user }}:{{ resource.token }}@{{ service.host }}:{{ service.port }}", secret: true }
            service:
              port: 6379
              generate:
                admin: { random: 16, secret: true }
              container:
                image: cache:7
                env: { ADMIN: "{{ service.admin }}" }
              ready:
                command: ["cache-cli", "-p", "{{ service.port }}", "ping"]
                env: { AUTH: "{{ service.admin }}" }
            provision:
              - command: ["cache-cli", "-p", "{{ service.port }}", "acl", "--from-stdin"]
                env: { AUTH: "{{ service.admin }}" }
                stdin: "user {{ resource.user }} on >{{ resource.token }} ~{{ resource.user }}:*"
                timeout: 1m30s
                user: cache
            """);

        Assert.Equal(["url"], definition.SecretOutputs);
        Assert.Equal(TimeSpan.FromSeconds(90), Assert.Single(definition.Provision).Timeout);
        Assert.Equal("cache", definition.Provision[0].User);
        Assert.Equal("cache:7", definition.Service!.Container!.Image);
        Assert.Empty(definition.Service.Container.Command);
        Assert.Equal("", definition.Service.Container.DataPath);
    }

    [Fact]
    public void Parse_TakesQuadrupleBracesAsALiteral_NotAsAPath()
    {
        var definition = Valid("""
            outputs:
              template: "{{{{ not.a.path }}"
            """);

        Assert.Equal("{{{{ not.a.path }}", Assert.Single(definition.Outputs).Template);
    }

    [Fact]
    public void Parse_ReportsEveryMistakeOfAFile_NotJustTheFirst()
    {
        var result = Parse("""
            clas: small
            outputs:
              a: "{{ database }}"
              b: { template: "{{ item }}", secrett: true }
            provision:
              - command: "psql"
            """);

        string[] expected =
            [
                "cache.yaml:4:1: clas: unknown field 'clas'; did you mean 'class'?",
                "cache.yaml:6:6: outputs.a: unknown template path 'database'; known here: app, resource.key, resource.name, resource.id (in '{{ database }}')",
                "cache.yaml:7:18: outputs.b.template: 'item' is only known in a provision or deprovision step with forEach (in '{{ item }}')",
                "cache.yaml:7:32: outputs.b.secrett: unknown field 'secrett'; did you mean 'secret'?",
                "cache.yaml:9:14: provision[0].command: expected a list of strings, got the string 'psql'",
            ];
        Assert.Equal(expected.Length, result.Errors.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], result.Errors[i].ToString());
        }
    }
}
