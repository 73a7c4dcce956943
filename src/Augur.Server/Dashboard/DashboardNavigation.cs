namespace Augur.Server.Dashboard;

/// <summary>One entry of the dashboard's side navigation.</summary>
/// <param name="Href">The page's path.</param>
/// <param name="Label">What the link says.</param>
/// <param name="Icon">A one-character glyph shown beside the label (decorative).</param>
public sealed record NavigationItem(string Href, string Label, string Icon);

/// <summary>The dashboard's pages, in menu order: a new page (batches, finetunes) adds its line here.</summary>
public static class DashboardNavigation
{
    public static IReadOnlyList<NavigationItem> Items { get; } =
    [
        new("/", "Overview", "◎"),
        new("/models", "Models", "▦"),
        new("/playground", "Playground", "✎"),
        new("/engine", "Engine", "⚙"),
        new("/arena", "Arena", "⚖"),
        new("/batches", "Batches", "☰"),
        new("/finetunes", "Finetunes", "◇"),
    ];
}
