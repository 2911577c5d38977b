using Gantry.AppModel.Provisioners;
using Gantry.AppModel.Provisioners.Templates;

namespace Gantry.AppModel.Tests.Provisioners;

public sealed class GeneratedValuesTests
{
    [Fact]
    public void RandomValues_HaveTheRequestedLength_AndOnlyLettersAndDigits()
    {
        var values = Enumerable.Range(0, 200).Select(_ => RandomValues.Make(32)).ToList();

        Assert.All(values, v => Assert.Matches("^[A-Za-z0-9]{32}$", v));
        Assert.Equal(values.Count, values.Distinct(StringComparer.Ordinal).Count());
        // 6,400 characters from 62 symbols: every symbol class shows up.
        var all = string.Concat(values);
        Assert.Contains(all, char.IsAsciiLetterUpper);
        Assert.Contains(all, char.IsAsciiLetterLower);
        Assert.Contains(all, char.IsAsciiDigit);
    }

    [Fact]
    public void Make_RendersATemplate_AndMakesItAnIdentifierWhenAsked()
    {
        var values = TemplateValues.Empty.With(TemplatePaths.ResourceKey, "shop.web.db").With(TemplatePaths.App, "shop");

        Assert.StartsWith("shop_web_db_", GeneratedValues.Make(new GeneratedValue("database", "{{ resource.key }}", null, false, 63, Identifier: true), values), StringComparison.Ordinal);
        Assert.Equal("shop-cache", GeneratedValues.Make(new GeneratedValue("prefix", "{{ app }}-cache", null, false, null), values));
        Assert.Matches("^sh_[0-9a-f]{6}$", GeneratedValues.Make(new GeneratedValue("short", "{{ app }}-cache", null, false, 9), values));
    }

    [Fact]
    public void MakeAll_KeepsValuesMadeEarlier_AndMakesTheMissingOnes()
    {
        GeneratedValue[] declared = [new("username", "{{ app }}", null, false, null, Identifier: true), new("password", null, 24, true, null)];
        var values = TemplateValues.Empty.With(TemplatePaths.App, "shop");

        var made = GeneratedValues.MakeAll(declared, values, new Dictionary<string, string> { ["password"] = "kept" });

        Assert.Equal("shop", made["username"]);
        Assert.Equal("kept", made["password"]);
        Assert.Equal(24, GeneratedValues.MakeAll(declared, values)["password"].Length);
    }
}
