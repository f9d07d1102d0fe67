"""run_demand_backtest: the demand model's rolling-origin backtest for every council in the dfe store."""

from django.core.management.base import BaseCommand

from projections.backtest import METHODS
from projections.demand_jobs import demand_backtest_run


class Command(BaseCommand):
    help = "Backtest the demand model for every council in the DfE store and keep the table (national page)."

    def add_arguments(self, parser):
        parser.add_argument("--simulations", type=int, default=300)

    def handle(self, *args, simulations, **options):
        result = demand_backtest_run(user=None, simulations=simulations)
        self.stdout.write("years ahead, councils, forecasts, " + ", ".join(METHODS) + ", p5–p95 coverage")
        for s in result.summary:
            mape = ", ".join(f"{s['median_mape'][m]:.1f}%" for m in METHODS)
            self.stdout.write(
                f"{s['horizon']}, {s['councils']}, {s['forecasts']}, {mape}, {s['coverage']:.1f}%"
            )
        for reason in result.skipped:
            self.stderr.write(f"not forecast: {reason}")
