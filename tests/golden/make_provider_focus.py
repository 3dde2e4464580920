"""Write the constructed provider FOCUS export fixtures (deterministic, no inputs):
Azure FocusCost 1.0-preview(v1), 1.0r2 and 1.2-preview under tests/data/azure/focuscost-*/,
and the GCP FOCUS export under tests/data/gcp/focus-export/. Column lists and sources are in
each folder's README.md. Run from the repository root: python3 tests/golden/make_provider_focus.py
"""
import csv
import json
import os

SUB = "/subscriptions/11111111-2222-3333-4444-555555555555"
VM = SUB + "/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-01"
RI = "/providers/Microsoft.Capacity/reservationOrders/ro-7001/reservations/r-7001"
ACCT = "/providers/Microsoft.Billing/billingAccounts/12345678"


def azure_rows():
    """Rows with FOCUS 1.0 names (EA, USD): May 2024 on-demand usage, reservation used and
    unused, the reservation purchase; June 2024 usage and a refund."""
    base = dict(
        AvailabilityZone="", BillingAccountId=ACCT, BillingAccountName="Contoso",
        BillingCurrency="USD", ChargeFrequency="Usage-Based", InvoiceIssuerName="Microsoft",
        ProviderName="Microsoft", PublisherName="Microsoft", RegionId="eastus",
        RegionName="East US", ResourceId=VM, ResourceName="vm-web-01",
        ResourceType="Virtual machine", ServiceCategory="Compute",
        ServiceName="Virtual Machines", SkuId="DZH318Z0BQ4L", SkuPriceId="DZH318Z0BQ4L/00F3",
        SubAccountId=SUB, SubAccountName="web-prod", Tags='{"env":"prod","team":"web"}',
        ChargeDescription="Virtual Machines Dsv5 Series - D2s v5 - US East",
        ChargeClass="", CommitmentDiscountCategory="", CommitmentDiscountId="",
        CommitmentDiscountName="", CommitmentDiscountStatus="", CommitmentDiscountType="",
        ChargeSubcategory="On-Demand", ListUnitPrice="0.096", ContractedUnitPrice="0.096",
        PricingUnit="1 Hour", ConsumedUnit="Hours",
        x_ResourceGroupName="rg-web", x_SkuMeterCategory="Virtual Machines",
        x_SkuMeterSubcategory="Dsv5 Series", x_BillingExchangeRate="1",
        x_BillingProfileId="", x_SkuTerm="", x_PricingBlockSize="1",
    )
    may = dict(BillingPeriodStart="2024-05-01T00:00:00Z", BillingPeriodEnd="2024-06-01T00:00:00Z",
               ChargePeriodStart="2024-05-10T00:00:00Z", ChargePeriodEnd="2024-05-11T00:00:00Z")
    june = dict(BillingPeriodStart="2024-06-01T00:00:00Z", BillingPeriodEnd="2024-07-01T00:00:00Z",
                ChargePeriodStart="2024-06-03T00:00:00Z", ChargePeriodEnd="2024-06-04T00:00:00Z")
    ri = dict(CommitmentDiscountCategory="Usage", CommitmentDiscountId=RI,
              CommitmentDiscountName="RI-D2sv5-eastus", CommitmentDiscountType="Reservation",
              PricingCategory="Committed", x_SkuTerm="12")
    rows = [
        dict(base, **may, ChargeCategory="Usage", PricingCategory="Standard",
             BilledCost="2.304", EffectiveCost="2.304", ListCost="2.304", ContractedCost="2.304",
             PricingQuantity="24", ConsumedQuantity="24"),
        dict(base, **may, **ri, ChargeCategory="Usage", ChargeSubcategory="Used Commitment",
             CommitmentDiscountStatus="Used", BilledCost="0", EffectiveCost="1.5336",
             ListCost="2.304", ContractedCost="2.304", PricingQuantity="24",
             ConsumedQuantity="24"),
        dict(base, **may, **ri, ChargeCategory="Usage", ChargeSubcategory="Unused Commitment",
             CommitmentDiscountStatus="Unused", BilledCost="0", EffectiveCost="0.1917",
             ListCost="0.288", ContractedCost="0.288", PricingQuantity="3",
             ConsumedQuantity="", ConsumedUnit="", ResourceId="", ResourceName="",
             ResourceType=""),
        dict(base, **may, **ri, ChargeCategory="Purchase", ChargeSubcategory="On-Demand",
             ChargeFrequency="Recurring", ChargeDescription="Reserved VM Instance, Standard_D2s_v5, US East, 1 Year",
             BilledCost="46.6375", EffectiveCost="0", ListCost="70.08", ContractedCost="46.6375",
             ListUnitPrice="70.08", ContractedUnitPrice="46.6375", PricingQuantity="1",
             PricingUnit="1 Month", ConsumedQuantity="", ConsumedUnit="", ResourceId="",
             ResourceName="", ResourceType="", SkuPriceId="DZH318Z0BQ4L/0012"),
        dict(base, **june, ChargeCategory="Usage", PricingCategory="Standard",
             BilledCost="1.152", EffectiveCost="1.152", ListCost="1.152", ContractedCost="1.152",
             PricingQuantity="12", ConsumedQuantity="12"),
        dict(base, **june, ChargeCategory="Usage", ChargeSubcategory="Refund",
             ChargeClass="Correction", PricingCategory="Standard",
             ChargeDescription="Refund: Virtual Machines Dsv5 Series - D2s v5 - US East",
             BilledCost="-0.384", EffectiveCost="-0.384", ListCost="-0.384",
             ContractedCost="-0.384", PricingQuantity="-4", ConsumedQuantity="-4"),
    ]
    for r in rows:
        r["x_BilledCostInUsd"] = r["BilledCost"]
        r["x_EffectiveCostInUsd"] = r["EffectiveCost"]
    return rows


FOCUS_1_0 = ("AvailabilityZone,BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,"
             "BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,"
             "ChargeFrequency,ChargePeriodEnd,ChargePeriodStart,CommitmentDiscountCategory,"
             "CommitmentDiscountId,CommitmentDiscountName,CommitmentDiscountStatus,"
             "CommitmentDiscountType,ConsumedQuantity,ConsumedUnit,ContractedCost,"
             "ContractedUnitPrice,EffectiveCost,InvoiceIssuerName,ListCost,ListUnitPrice,"
             "PricingCategory,PricingQuantity,PricingUnit,ProviderName,PublisherName,RegionId,"
             "RegionName,ResourceId,ResourceName,ResourceType,ServiceCategory,ServiceName,SkuId,"
             "SkuPriceId,SubAccountId,SubAccountName,Tags").split(",")
AZURE_X = ["x_BilledCostInUsd", "x_EffectiveCostInUsd", "x_BillingExchangeRate",
           "x_ResourceGroupName", "x_SkuMeterCategory", "x_SkuMeterSubcategory",
           "x_PricingBlockSize", "x_SkuTerm"]
PREVIEW_RENAMED = {"ConsumedQuantity": "UsageQuantity", "ConsumedUnit": "UsageUnit",
                   "RegionName": "Region"}
PREVIEW_DROPPED = {"ChargeClass", "CommitmentDiscountStatus", "ContractedCost",
                   "ContractedUnitPrice", "RegionId"}
PREVIEW_VALUES = {"Standard": "On-Demand", "Committed": "Commitment-Based"}
FOCUS_1_2_EXTRA = ["BillingAccountType", "CapacityReservationId", "CapacityReservationStatus",
                   "CommitmentDiscountQuantity", "CommitmentDiscountUnit", "InvoiceId",
                   "PricingCurrency", "PricingCurrencyContractedUnitPrice",
                   "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice",
                   "ServiceSubcategory", "SkuMeter", "SkuPriceDetails", "SubAccountType"]


def write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(c, "") for c in header])


def azure():
    rows = azure_rows()
    # 1.0-preview(v1): preview names and values, ChargeSubcategory, x_OnDemandCost.
    header = [PREVIEW_RENAMED.get(c, c) for c in FOCUS_1_0 if c not in PREVIEW_DROPPED]
    header.insert(header.index("ChargePeriodEnd") + 2, "ChargeSubcategory")
    header += AZURE_X + ["x_OnDemandCost", "x_OnDemandUnitPrice"]
    preview = []
    for r in rows:
        p = {PREVIEW_RENAMED.get(k, k): v for k, v in r.items()}
        p["PricingCategory"] = PREVIEW_VALUES.get(r.get("PricingCategory", ""), "")
        p["x_OnDemandCost"] = r["ContractedCost"]
        p["x_OnDemandUnitPrice"] = r["ContractedUnitPrice"]
        preview.append(p)
    write("tests/data/azure/focuscost-1.0-preview/focuscost-1.0-preview.csv", header, preview)
    # 1.0r2: the 1.0 columns, its x_ columns and x_SkuDetails.
    header = FOCUS_1_0 + AZURE_X + ["x_SkuDetails", "x_ChargeId"]
    r2 = [dict(r, x_SkuDetails='{"VCPUs":"2"}', x_ChargeId=f"charge-{i}")
          for i, r in enumerate(rows)]
    write("tests/data/azure/focuscost-1.0r2/focuscost-1.0r2.csv", header, r2)
    # 1.2-preview: the 1.2 columns and the 1.2 x_ columns.
    header = sorted(FOCUS_1_0 + FOCUS_1_2_EXTRA) + AZURE_X + ["x_AmortizationClass",
                                                             "x_ServiceModel", "x_SkuPlanName"]
    p12 = []
    for r in rows:
        q = dict(r, BillingAccountType="Billing Account", SubAccountType="Subscription",
                 InvoiceId="" if r["BillingPeriodStart"].startswith("2024-06") else "G012345678",
                 PricingCurrency="USD", PricingCurrencyEffectiveCost=r["EffectiveCost"],
                 PricingCurrencyListUnitPrice=r["ListUnitPrice"],
                 PricingCurrencyContractedUnitPrice=r["ContractedUnitPrice"],
                 ServiceSubcategory="Virtual Machines", SkuMeter="D2s v5",
                 x_ServiceModel="IaaS",
                 x_AmortizationClass="Amortized Charge" if r["CommitmentDiscountStatus"] else "")
        if r["CommitmentDiscountStatus"]:
            q["CommitmentDiscountQuantity"] = r["PricingQuantity"]
            q["CommitmentDiscountUnit"] = "Hours"
        p12.append(q)
    write("tests/data/azure/focuscost-1.2-preview/focuscost-1.2-preview.csv", header, p12)


GCP_HEADER = [
    "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName",
    "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
    "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
    "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
    "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit",
    "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost",
    "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName",
    "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType",
    "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName",
    "Tags", "x_Credits", "x_CostType", "x_CurrencyConversionRate", "x_ExportTime",
    "x_Location", "x_Project", "x_ServiceId",
]


def gcp():
    acct = "01A2B3-C4D5E6-F7A8B9"
    project = {"id": "shop-prod", "number": "123456789012", "name": "shop-prod"}
    base = dict(BillingAccountId=acct, BillingAccountName="Example Corp", BillingCurrency="USD",
                ChargeFrequency="Usage-Based", InvoiceIssuerName="Google Cloud",
                ProviderName="Google Cloud", PublisherName="Google Cloud",
                SubAccountId="shop-prod", SubAccountName="shop-prod",
                x_Project=json.dumps(project), x_Credits="[]", x_CostType="regular",
                x_CurrencyConversionRate="1", ChargeClass="", CommitmentDiscountCategory="",
                CommitmentDiscountId="", CommitmentDiscountName="", CommitmentDiscountStatus="",
                CommitmentDiscountType="", PricingCategory="Standard")
    periods = {
        "2024-03": dict(BillingPeriodStart="2024-03-01T08:00:00Z",
                        BillingPeriodEnd="2024-04-01T07:00:00Z",
                        x_ExportTime="2024-03-06T04:12:31Z"),
        "2024-04": dict(BillingPeriodStart="2024-04-01T07:00:00Z",
                        BillingPeriodEnd="2024-05-01T07:00:00Z",
                        x_ExportTime="2024-04-03T05:40:02Z"),
    }
    vm = dict(ServiceName="Compute Engine", ServiceCategory="Compute", x_ServiceId="6F81-5844-456A",
              SkuId="2E27-4F75-95CD", ChargeDescription="N2 Instance Core running in Americas",
              RegionId="us-central1", RegionName="Iowa", AvailabilityZone="us-central1-a",
              x_Location=json.dumps({"location": "us-central1", "country": "US",
                                     "region": "us-central1", "zone": "us-central1-a"}),
              ResourceId="//compute.googleapis.com/projects/shop-prod/zones/us-central1-a/instances/web-1",
              ResourceName="web-1", ResourceType="Instance", ConsumedUnit="seconds",
              PricingUnit="hour", Tags='{"env":"prod"}')
    cud = [{"name": "Committed use discount: N2 Core", "amount": -0.6,
            "full_name": "projects/shop-prod/regions/us-central1/commitments/cud-n2",
            "id": "cud-n2", "type": "COMMITTED_USAGE_DISCOUNT"}]
    rows = [
        dict(base, **periods["2024-03"], **vm, ChargePeriodStart="2024-03-05T10:00:00Z",
             ChargePeriodEnd="2024-03-05T11:00:00Z", BilledCost="0.126",
             EffectiveCost="0.126", ListCost="0.126", ContractedCost="0.126",
             ListUnitPrice="0.031611", ContractedUnitPrice="0.031611",
             ConsumedQuantity="14400", PricingQuantity="4", ChargeCategory="Usage",
             SkuPriceId=f"Billing Account ID:{acct}, SKU ID:2E27-4F75-95CD, Price Tier Start Amount:0"),
        dict(base, **periods["2024-03"], **vm, ChargePeriodStart="2024-03-05T11:00:00Z",
             ChargePeriodEnd="2024-03-05T12:00:00Z", BilledCost="1.2644",
             EffectiveCost="1.2644", ListCost="1.2644", ContractedCost="1.2644",
             ListUnitPrice="0.031611", ContractedUnitPrice="0.031611",
             ConsumedQuantity="144000", PricingQuantity="40", ChargeCategory="Usage",
             PricingCategory="Committed", CommitmentDiscountCategory="Usage",
             CommitmentDiscountId="projects/shop-prod/regions/us-central1/commitments/cud-n2",
             CommitmentDiscountName="Committed use discount: N2 Core",
             CommitmentDiscountType="Committed Use Discount", CommitmentDiscountStatus="Used",
             x_Credits=json.dumps(cud),
             SkuPriceId=f"Billing Account ID:{acct}, SKU ID:2E27-4F75-95CD, Price Tier Start Amount:0"),
        dict(base, **periods["2024-03"], ServiceName="Cloud Storage", ServiceCategory="Storage",
             x_ServiceId="95FF-2EF5-5EA1", SkuId="E5F0-6A5D-7BAD",
             ChargeDescription="Standard Storage US Multi-region", RegionId="us",
             RegionName="United States", x_Location=json.dumps({"location": "us", "country": "US"}),
             ResourceId="//storage.googleapis.com/projects/_/buckets/shop-assets",
             ResourceName="shop-assets", ResourceType="Bucket", ChargePeriodStart="2024-03-07T00:00:00Z",
             ChargePeriodEnd="2024-03-08T00:00:00Z", BilledCost="0.208", EffectiveCost="0.208",
             ListCost="0.208", ContractedCost="0.208", ListUnitPrice="0.026",
             ContractedUnitPrice="0.026", ConsumedQuantity="8", ConsumedUnit="gibibyte month",
             PricingQuantity="8", PricingUnit="gibibyte month", ChargeCategory="Usage",
             Tags='{"env":"prod","team":"shop"}',
             SkuPriceId=f"Billing Account ID:{acct}, SKU ID:E5F0-6A5D-7BAD, Price Tier Start Amount:0"),
        dict(base, **periods["2024-03"], ServiceName="Invoice", ServiceCategory="Other",
             x_ServiceId="", ChargeDescription="Tax: Sales tax", ChargeCategory="Tax",
             ChargeFrequency="Recurring", x_CostType="tax", ChargePeriodStart="2024-03-01T08:00:00Z",
             ChargePeriodEnd="2024-04-01T07:00:00Z", BilledCost="0.16", EffectiveCost="0.16",
             ListCost="0.16", ContractedCost="0.16", PricingCategory="", x_Location="{}"),
        dict(base, **periods["2024-04"], **vm, ChargePeriodStart="2024-04-02T09:00:00Z",
             ChargePeriodEnd="2024-04-02T10:00:00Z", BilledCost="0.9483", EffectiveCost="0.9483",
             ListCost="0.9483", ContractedCost="0.9483", ListUnitPrice="0.031611",
             ContractedUnitPrice="0.031611", ConsumedQuantity="108000", PricingQuantity="30",
             ChargeCategory="Usage",
             SkuPriceId=f"Billing Account ID:{acct}, SKU ID:2E27-4F75-95CD, Price Tier Start Amount:0"),
        dict(base, **periods["2024-04"], **dict(vm, ConsumedUnit="", PricingUnit="",
                                               ChargeDescription="Adjustment: goodwill credit for outage"),
             ChargePeriodStart="2024-04-02T00:00:00Z",
             ChargePeriodEnd="2024-04-03T00:00:00Z", BilledCost="-0.25", EffectiveCost="-0.25",
             ListCost="-0.25", ContractedCost="-0.25", ChargeCategory="Adjustment",
             ChargeClass="Correction", x_CostType="adjustment", ChargeFrequency="One-Time",
             ConsumedQuantity=""),
    ]
    write("tests/data/gcp/focus-export/gcp_billing_export_focus.csv", GCP_HEADER, rows)


if __name__ == "__main__":
    azure()
    gcp()
