/// Weighted least squares from the normal equations, solved by Cholesky: the hourly models have
/// a few hundred columns and a few thousand rows, so the normal matrix is small and dense.
/// Columns that no row touches are dropped (an hour of the week without data), and a ridge of
/// 1e-10 of the largest diagonal keeps near-collinear temperature features solvable.
struct WeightedLeastSquares {
    let columns: Int
    private(set) var normal: [Double]
    private(set) var rhs: [Double]

    init(columns: Int) {
        self.columns = columns
        normal = [Double](repeating: 0, count: columns * columns)
        rhs = [Double](repeating: 0, count: columns)
    }

    /// Adds a row given as its non-zero entries (column, value).
    mutating func add(_ entries: [(Int, Double)], y: Double, weight: Double) {
        for (i, a) in entries {
            rhs[i] += weight * a * y
            for (j, b) in entries where j >= i {
                normal[i * columns + j] += weight * a * b
            }
        }
    }

    /// The coefficients; 0 for dropped columns. nil when the system cannot be solved.
    func solve() -> [Double]? {
        let used = (0..<columns).filter { normal[$0 * columns + $0] > 0 }
        let n = used.count
        guard n > 0 else {
            return nil
        }
        let largest = used.map { normal[$0 * columns + $0] }.max() ?? 1
        var a = [Double](repeating: 0, count: n * n)
        for (r, i) in used.enumerated() {
            for (c, j) in used.enumerated() where c >= r {
                a[r * n + c] = normal[i * columns + j]
                a[c * n + r] = normal[i * columns + j]
            }
            a[r * n + r] += 1e-10 * largest
        }
        // Cholesky: a = L·Lᵀ, in place (lower triangle).
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= a[j * n + k] * a[j * n + k] }
            guard d > 0 else {
                return nil
            }
            let l = d.squareRoot()
            a[j * n + j] = l
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i * n + j]
                for k in 0..<j { s -= a[i * n + k] * a[j * n + k] }
                a[i * n + j] = s / l
            }
        }
        var z = used.map { rhs[$0] }
        for i in 0..<n {
            var s = z[i]
            for k in 0..<i { s -= a[i * n + k] * z[k] }
            z[i] = s / a[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = z[i]
            for k in (i + 1)..<max(i + 1, n) { s -= a[k * n + i] * z[k] }
            z[i] = s / a[i * n + i]
        }
        var beta = [Double](repeating: 0, count: columns)
        for (r, i) in used.enumerated() { beta[i] = z[r] }
        return beta
    }
}
