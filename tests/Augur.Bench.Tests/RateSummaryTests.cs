namespace Augur.Bench.Tests;

public class RateSummaryTests
{
    [Fact]
    public void Odd_count_median_is_the_middle_value_whatever_the_order()
    {
        RateSummary summary = RateSummary.Of([9.0, 1.0, 5.0, 7.0, 3.0]);

        Assert.Equal(5.0, summary.Median);
        Assert.Equal(1.0, summary.Min);
        Assert.Equal(9.0, summary.Max);
    }

    [Fact]
    public void Even_count_median_is_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(2.5, RateSummary.MedianOf([4.0, 1.0, 3.0, 2.0]));
        Assert.Equal(15.0, RateSummary.MedianOf([20.0, 10.0]));
    }

    [Fact]
    public void One_sample_is_its_own_median_min_and_max()
    {
        Assert.Equal(new RateSummary(42.5, 42.5, 42.5), RateSummary.Of([42.5]));
    }

    [Fact]
    public void The_median_ignores_one_outlier_where_the_mean_would_not()
    {
        RateSummary summary = RateSummary.Of([10.0, 11.0, 1000.0]);

        Assert.Equal(11.0, summary.Median);
        Assert.Equal(1000.0, summary.Max);
    }

    [Fact]
    public void The_input_is_not_reordered()
    {
        double[] samples = [3.0, 1.0, 2.0];

        _ = RateSummary.Of(samples);

        Assert.Equal([3.0, 1.0, 2.0], samples);
    }

    [Fact]
    public void No_samples_is_an_error()
    {
        Assert.Throws<ArgumentException>(() => RateSummary.Of(Array.Empty<double>()));
    }
}
