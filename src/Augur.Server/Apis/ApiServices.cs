using Augur.Server.Generation;
using Augur.Server.Hosting;

namespace Augur.Server.Apis;

/// <summary>What the handlers need, bundled with <c>[AsParameters]</c>.</summary>
internal sealed record ApiServices(TextGenerator Generator, AugurServerOptions Options, TimeProvider Time);
