using Bunit;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Provisioners;
using Gantry.ControlPlane.Console.Forms;
using Gantry.ControlPlane.Console.Shared;

namespace Gantry.ControlPlane.Tests.Console;

/// <summary>The deploy form's validation: the loader's messages under the right fields, and nothing typed lost.</summary>
public sealed class ImageDeployFormTests : BunitContext
{
    [Fact]
    public void ABadPort_IsShownUnderThePort_AndTheOtherFieldsKeepTheirValues()
    {
        var draft = new ImageAppDraft { Name = "shop", Image = "nginx:1.27", Port = "eighty", Environment = "A=1" };

        var form = RenderForm(draft, draft.Build());

        Assert.Contains("'eighty' is not a number", form.Find("#port-errors").TextContent);
        Assert.Equal("shop", form.Find("#name").GetAttribute("value"));
        Assert.Equal("nginx:1.27", form.Find("#image").GetAttribute("value"));
        Assert.Equal("A=1", form.Find("#environment").GetAttribute("value"));
        Assert.Empty(form.FindAll("#name-errors"));
    }

    [Fact]
    public void LoaderErrors_GoUnderTheFieldTheyAreAbout_WithTheClisWording()
    {
        var draft = new ImageAppDraft { Name = "Shop!", Image = "Not An Image", Port = "70000", HealthPath = "no-slash", Replicas = "1" };

        var result = draft.Build();
        var form = RenderForm(draft, result);

        Assert.False(result.Succeeded);
        Assert.Contains("app name 'Shop!' is not valid", form.Find("#name-errors").TextContent);
        Assert.Contains("image 'Not An Image' is not a valid image reference", form.Find("#image-errors").TextContent);
        Assert.Contains("between 1 and 65535", form.Find("#port-errors").TextContent);
        Assert.Contains("must start with '/'", form.Find("#health-errors").TextContent);

        // The host comes from the bad name: it is not reported a second time under the domain.
        Assert.Empty(form.FindAll("#domain-errors"));
        Assert.NotNull(form.Find(".field.invalid #name"));
    }

    [Fact]
    public void EnvironmentLinesWithoutEquals_AreNamedByLine()
    {
        var result = new ImageAppDraft { Name = "shop", Image = "nginx", Environment = "A=1\nBROKEN\n\nB=x=y" }.Build();

        Assert.Equal(["line 2: 'BROKEN' is not KEY=VALUE"], result.Errors["Environment"]);
    }

    [Fact]
    public void AValidDraft_BecomesAnAppThatTheLoaderAccepts_WithValuesThatCannotBreakTheYaml()
    {
        var result = new ImageAppDraft
        {
            Name = "shop", Image = "ghcr.io/acme/shop:2", Port = "3000", Domain = "shop.example.com",
            Environment = "QUOTE=say \"hi\": ok\nHASH=#not a comment", Replicas = "2", HealthPath = "/healthz",
        }.Build();

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.SelectMany(e => e.Value)));
        var app = Gantry.AppModel.Loading.AppLoader.Load(new Gantry.AppModel.Loading.InMemoryAppFiles(result.Files!), "gantry.yaml").App!;
        var container = app.Workloads[0].Containers[0];
        Assert.Equal("say \"hi\": ok", container.Variables["QUOTE"]);
        Assert.Equal("#not a comment", container.Variables["HASH"]);
        Assert.Equal(2, app.Workloads[0].Replicas);
        Assert.Equal("shop.example.com", app.Workloads[0].Routes[0].Host);
    }

    [Fact]
    public void ADatabaseChosenInTheForm_BecomesAResource_WhoseOutputsReachTheAppsVariables()
    {
        var draft = new ImageAppDraft { Name = "shop", Image = "ghcr.io/acme/shop:2", Database = "postgres", Environment = "DB_NAME=kept-as-typed" };
        var result = draft.Build();

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.SelectMany(e => e.Value)));
        var catalog = ProvisionerCatalog.Create(ProvisionerFiles.LoadBuiltIn(), ProvisionerLoadResult.Empty);
        var app = AppLoader.Load(new InMemoryAppFiles(result.Files!), "gantry.yaml", AppLoadOptions.Local with { Provisioners = catalog }).App!;
        var resource = Assert.Single(app.Resources);
        Assert.Equal(("postgres", "shop.web.db"), (resource.Type, resource.Key));
        var variables = app.Workloads[0].Containers[0].Variables;
        Assert.Equal("${resources.db.host}", variables["DB_HOST"]); // a stand-in until the platform allocates it
        Assert.Equal("${resources.db.username}", variables["DB_USER"]);
        Assert.Equal("kept-as-typed", variables["DB_NAME"]);
        Assert.Equal(["none", "PostgreSQL", "MySQL (MariaDB)", "Redis"], RenderForm(draft, result).FindAll("#database option").Select(o => o.TextContent));
    }

    [Fact]
    public void ADatabaseTypeThePlatformDoesNotServe_IsShownUnderTheDatabaseField()
    {
        var draft = new ImageAppDraft { Name = "shop", Image = "nginx", Database = "mysql" };

        var result = draft.Build(ProvisionerCatalog.Empty);

        Assert.Contains("resource type 'mysql' has no provisioner on this platform", string.Join(" ", result.Errors["Database"]));
    }

    private IRenderedComponent<ImageDeployForm> RenderForm(ImageAppDraft draft, DraftResult result) =>
        Render<ImageDeployForm>(p => p
            .Add(f => f.Draft, draft)
            .Add(f => f.Errors, result.Errors)
            .Add(f => f.OnSubmit, () => { }));
}
