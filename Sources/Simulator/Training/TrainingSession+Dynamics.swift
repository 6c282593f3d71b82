import Foundation
import Stochastics

/// ``TrainingDynamics`` in the sampled step: per-item transfer and the off-span part of large
/// updates. At neutral dynamics every function here returns at once, so the plain feature model's
/// steps are bit-identical to what they were before these mechanisms existed.
extension TrainingSession {
    /// Remembers θ before the step's updates (for the step's size) and clears the slots' ψ changes.
    func beginUpdate() {
        let f = train.featureCount
        if instabilityIsActive {
            buffers.thetaBefore.update(from: buffers.theta, count: f)
        }
        if let updates = buffers.slotUpdates {
            for j in 0..<(configuration.batchSize * f) { updates[j] = 0 }
        }
    }

    /// The off-span columns are set by ``applyInstability()``, never learned: no direction along them.
    func freezeOffSpanColumns() {
        guard let offSpan = train.offSpan else { return }
        let f = train.featureCount
        for column in offSpan.directions { buffers.direction[column] = 0 }
        buffers.direction[offSpan.format] = 0
        if let slots = buffers.slotDirections {
            for slot in 0..<configuration.batchSize {
                for column in offSpan.directions { slots[slot &* f &+ column] = 0 }
                slots[slot &* f &+ offSpan.format] = 0
            }
        }
    }

    /// Below full transfer: ψᵢ += η·(1 − ρ)·N·d_slot for each batch slot's item (plain SGD).
    func applyItemUpdates() {
        guard let psi = buffers.itemParameters, let slots = buffers.slotDirections, let updates = buffers.slotUpdates else { return }
        let f = train.featureCount
        let scale = configuration.learningRate * (1 - configuration.dynamics.transfer) * Double(train.itemCount)
        for slot in 0..<configuration.batchSize {
            let own = psi + buffers.batchItems[slot] &* f
            for j in 0..<f {
                let change = scale * slots[slot &* f &+ j]
                own[j] += change
                updates[slot &* f &+ j] += change
            }
        }
        cacheIsCurrent = false
    }

    /// Moves the off-span columns by σ = κ·max(0, δ − δ₀)², δ² the mean over the batch's items of
    /// the variance across the item's candidates of the logit change the step made, δ₀ the trust
    /// region (``TrainingDynamics``).
    func applyInstability() {
        guard instabilityIsActive, let offSpan = train.offSpan else { return }
        let b = buffers
        let f = train.featureCount
        let batchSize = configuration.batchSize
        var meanSquare = 0.0
        for j in 0..<f { b.parameterChange[j] = b.theta[j] - b.thetaBefore[j] }
        for slot in 0..<batchSize {
            var delta = UnsafePointer(b.parameterChange)
            if let updates = b.slotUpdates, let itemChange = b.itemTheta {
                // Below full transfer an item also moved by its own ψ change this step.
                for j in 0..<f { itemChange[j] = b.parameterChange[j] + updates[slot &* f &+ j] }
                delta = UnsafePointer(itemChange)
            }
            meanSquare += train.logitChangeVariance(item: b.batchItems[slot], delta: delta)
        }
        let excess = max(0, (meanSquare / Double(batchSize)).squareRoot() - configuration.dynamics.trustRegion)
        let size = configuration.dynamics.instability * excess * excess
        guard size > 0, size.isFinite else { return }
        // A random unit mix of the direction columns, from the step's sampling stream after its answers were drawn.
        let directions = offSpan.directions.count
        var norm = 0.0
        samplingStream.resume(from: samplingDraws)
        for j in 0..<directions {
            let value = samplingStream.gaussian()
            b.offSpanMix[j] = value
            norm += value * value
        }
        norm = norm.squareRoot()
        if norm > 0 {
            for (j, column) in offSpan.directions.enumerated() { b.theta[column] += size * b.offSpanMix[j] / norm }
        }
        // The format column follows the walk's expected length √Σσ², so malformed answers gain as
        // fast as a random direction grows, not faster.
        let before = offSpanSquaredSize.squareRoot()
        offSpanSquaredSize += size * size
        b.theta[offSpan.format] += configuration.dynamics.formatDrift * (offSpanSquaredSize.squareRoot() - before)
        cacheIsCurrent = false
    }
}
