using Augur.Server.Arena;
using Augur.Server.Dashboard.Components;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Server.Dashboard;

/// <summary>
/// The web dashboard at <c>/</c>: Razor components rendered on the server (static SSR), a session cookie made from an
/// API token (HttpOnly, SameSite=Strict), antiforgery on every form and on the JSON calls its small scripts make
/// (<c>X-CSRF-TOKEN</c>), and its assets embedded in the assembly. Pages are listed in <see cref="DashboardNavigation"/>.
/// </summary>
internal static class DashboardSetup
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "augur_session";

    /// <summary>The header the scripts send the antiforgery token in.</summary>
    public const string CsrfHeader = "X-CSRF-TOKEN";

    /// <summary>Where the scripts' JSON endpoints live; an expired session there gets 401, not a redirect.</summary>
    public const string ApiPrefix = "/dashboard/api";

    public static IServiceCollection AddAugurDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.Events = DashboardSession.CookieEvents();
        });
        services.AddAuthorization();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = CsrfHeader;
            antiforgery.Cookie.Name = "augur_csrf";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddSingleton<ArenaRunner>();
        return services;
    }

    public static WebApplication MapAugurDashboard(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapDashboardAssets();
        app.MapDashboardSession();
        app.MapDashboardApi();
        app.MapPlayground();
        app.MapArena();
        app.MapDashboardBatches();
        app.MapDashboardFinetunes();
        app.MapRazorComponents<App>();
        return app;
    }
}
