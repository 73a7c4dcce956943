using Augur.Server.Dashboard;
using Augur.Server.Errors;
using Augur.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augur.Server.Arena;

/// <summary>
/// The arena's JSON under <c>/dashboard/api/arena</c>, for the signed-in account: <c>POST battles</c> (two blind
/// answers), <c>POST battles/{id}/vote</c> (reveals the variants and returns the new leaderboard), <c>GET leaderboard</c>,
/// and <c>POST auto</c> (the automated greedy comparison).
/// </summary>
internal static class ArenaApi
{
    public static void MapArena(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder arena = app.MapGroup(DashboardSetup.ApiPrefix + "/arena").RequireAuthorization().RequireAntiforgery();
        arena.MapPost("/battles", async (HttpContext http, ArenaRunner runner) =>
            TypedResults.Json(await runner.BattleAsync(http, await DashboardApi.ReadAsync(http, DashboardJson.Default.ArenaBattleRequest).ConfigureAwait(false)).ConfigureAwait(false),
                DashboardJson.Default.ArenaBattleView));
        arena.MapPost("/battles/{id}/vote", VoteAsync);
        arena.MapGet("/leaderboard", async (HttpContext http, IAugurStore store) =>
            TypedResults.Json(await LeaderboardAsync(store, DashboardSession.AccountId(http), http.RequestAborted).ConfigureAwait(false), DashboardJson.Default.ArenaLeaderboard));
        arena.MapPost("/auto", async (HttpContext http, ArenaRunner runner) =>
            TypedResults.Json(await runner.AutoAsync(http, await DashboardApi.ReadAsync(http, DashboardJson.Default.ArenaAutoRequest).ConfigureAwait(false)).ConfigureAwait(false),
                DashboardJson.Default.ArenaAutoReport));
    }

    public static async Task<ArenaLeaderboard> LeaderboardAsync(IAugurStore store, string accountId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ArenaBattle> voted = await store.Arena.VotedAsync(accountId, cancellationToken).ConfigureAwait(false);
        return new ArenaLeaderboard(voted.Count, ArenaRatings.Rate(voted), ArenaRatings.Pairs(voted));
    }

    private static async Task<IResult> VoteAsync(string id, HttpContext http, IAugurStore store, TimeProvider time)
    {
        ArenaVoteRequest vote = await DashboardApi.ReadAsync(http, DashboardJson.Default.ArenaVoteRequest).ConfigureAwait(false);
        if (!ArenaOutcomes.IsValid(vote.Outcome))
            throw ApiException.BadInput("Vote a, b, tie or both_bad.");
        string account = DashboardSession.AccountId(http);
        ArenaBattle? battle = await store.Arena.GetBattleAsync(account, id, http.RequestAborted).ConfigureAwait(false);
        if (battle is null || !await store.Arena.VoteAsync(account, id, vote.Outcome, time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false))
            return TypedResults.Json(new DashboardError("No such battle, or it has its vote."), DashboardJson.Default.DashboardError, statusCode: StatusCodes.Status404NotFound);
        ArenaLeaderboard leaderboard = await LeaderboardAsync(store, account, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(new ArenaVoteResult(battle.VariantA, battle.VariantB, leaderboard), DashboardJson.Default.ArenaVoteResult);
    }
}
