package org.trucewatch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package map of docs/architecture.md, checked on the compiled classes (ArchUnit): no
 * package depends on one that depends back on it, and data flows one way, intake → zones →
 * mechanisms → review → queues → the read-only outlets (gis, reports). Shared foundations (access,
 * audit, geo, markup, problem, taxonomy) serve every capability and depend on none.
 */
@AnalyzeClasses(packages = "org.trucewatch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Every package, sub-packages included (zones.engine is its own slice), free of cycles. */
    @ArchTest
    static final ArchRule noCycles = slices().matching("org.trucewatch.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule dataFlowsOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Foundations").definedBy("org.trucewatch.access..", "org.trucewatch.audit..", "org.trucewatch.geo..",
                    "org.trucewatch.markup..", "org.trucewatch.problem..", "org.trucewatch.taxonomy..")
            .layer("Intake").definedBy("org.trucewatch.intake..")
            .layer("Zones").definedBy("org.trucewatch.zones..")
            .layer("Mechanisms").definedBy("org.trucewatch.mechanisms..")
            .layer("Review").definedBy("org.trucewatch.review..")
            .layer("Queues").definedBy("org.trucewatch.queues..")
            .layer("Forms").definedBy("org.trucewatch.forms..")
            .layer("Gis").definedBy("org.trucewatch.gis..")
            .layer("Reports").definedBy("org.trucewatch.reports..")
            .layer("Notifications").definedBy("org.trucewatch.notifications..")
            .layer("Operations").definedBy("org.trucewatch.operations..", "org.trucewatch.embedded..",
                    "org.trucewatch.web..")
            .whereLayer("Operations").mayNotBeAccessedByAnyLayer()
            .whereLayer("Gis").mayNotBeAccessedByAnyLayer()
            .whereLayer("Reports").mayNotBeAccessedByAnyLayer()
            .whereLayer("Forms").mayNotBeAccessedByAnyLayer()
            .whereLayer("Queues").mayNotBeAccessedByAnyLayer()
            .whereLayer("Notifications").mayNotBeAccessedByAnyLayer()
            .whereLayer("Review").mayOnlyBeAccessedByLayers("Queues", "Gis", "Reports", "Notifications", "Operations")
            .whereLayer("Mechanisms").mayOnlyBeAccessedByLayers("Review", "Queues", "Forms", "Gis", "Reports", "Notifications",
                    "Operations")
            .whereLayer("Zones").mayOnlyBeAccessedByLayers("Mechanisms", "Review", "Queues", "Forms", "Gis", "Reports", "Operations")
            .whereLayer("Intake").mayOnlyBeAccessedByLayers("Zones", "Mechanisms", "Review", "Queues", "Forms", "Gis",
                    "Reports", "Operations")
            .whereLayer("Foundations").mayOnlyBeAccessedByLayers("Intake", "Zones", "Mechanisms", "Review", "Queues",
                    "Forms", "Gis", "Reports", "Notifications", "Operations");
}
