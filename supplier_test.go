package tillit

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// swedishCheckDigit computes the check digit of nine digits the way
// Bolagsverket describes it: weights 2,1,2,1,… from the left, the digits of
// each product summed, and the check digit tops the sum up to a multiple of
// ten. It is written independently of luhnValid on purpose.
func swedishCheckDigit(nine string) byte {
	sum := 0
	for i := 0; i < 9; i++ {
		p := int(nine[i]-'0') * (2 - i%2)
		sum += p/10 + p%10
	}
	return byte('0' + (10-sum%10)%10)
}

func TestValidSwedishOrgNumber(t *testing.T) {
	for _, nine := range []string{"556036079", "202100000", "556677889", "969123456", "802004000", "716432100"} {
		valid := nine[:6] + "-" + nine[6:] + string(swedishCheckDigit(nine))
		if !ValidSwedishOrgNumber(valid) {
			t.Errorf("%s should be valid", valid)
		}
		for d := byte('0'); d <= '9'; d++ {
			if d == valid[10] {
				continue
			}
			wrong := valid[:10] + string(d)
			if ValidSwedishOrgNumber(wrong) {
				t.Errorf("%s has a wrong check digit but was accepted", wrong)
			}
		}
	}
	if c := swedishCheckDigit("556036079"); c != '3' {
		t.Fatalf("reference check digit of 556036079 = %c, want 3", c)
	}
	for _, s := range []string{"", "5560360793", "556036 0793", "55603-60793", "556036-079", "556036-07930", "55603a-0793", "556036–0793"} {
		if ValidSwedishOrgNumber(s) {
			t.Errorf("%q should be refused", s)
		}
	}
}

func TestNormalizeOrgNumber(t *testing.T) {
	for _, tt := range []struct{ country, in, want string }{
		{"SE", "5560360793", "556036-0793"},
		{"SE", " 556036 0793 ", "556036-0793"},
		{"SE", "556036-0793", "556036-0793"},
		{"SE", "55603607", "55603607"},
		{"SE", "556036-079X", "556036-079X"},
		{"DE", " HRB 12345 ", "HRB 12345"},
		{"DK", "12345678", "12345678"},
	} {
		if got := NormalizeOrgNumber(tt.country, tt.in); got != tt.want {
			t.Errorf("NormalizeOrgNumber(%s, %q) = %q, want %q", tt.country, tt.in, got, tt.want)
		}
	}
}

func fieldStrings(err error) map[string]string {
	fs := ErrorFields(err)
	if fs == nil {
		return nil
	}
	out := map[string]string{}
	for k, m := range fs {
		out[k] = m.String()
	}
	return out
}

func observeMedical() Supplier {
	return Supplier{
		Organisation: Organisation{ID: 21, Kind: OrgSupplier, Name: "Observe Medical", OrgNumber: "556036-0793", Country: "SE"},
		SupplierProfile: SupplierProfile{
			OrgID: 21, FormerNames: []string{"Sylak"}, ParentOrgID: 30,
			Contacts: []Contact{{Name: "Eva Ek", Email: "eva.ek@observe.example", Phone: "+46 8 123 456 78", Role: "Sustainability manager"}},
		},
	}
}

func TestSupplierValidate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		edit   func(s *Supplier)
		fields map[string]string // nil: valid
	}{
		{"valid", func(s *Supplier) {}, nil},
		{"no organisation number", func(s *Supplier) { s.OrgNumber = "" }, nil},
		{"contact with phone only", func(s *Supplier) { s.Contacts[0].Email = "" }, nil},
		{"foreign number", func(s *Supplier) { s.Country, s.OrgNumber = "DE", "HRB 12345" }, nil},
		{"wrong check digit", func(s *Supplier) { s.OrgNumber = "556036-0794" }, map[string]string{
			"org_number": "Enter a Swedish organisation number as six digits, a hyphen and four digits, such as 556036-0793; check the last digit."}},
		{"no hyphen", func(s *Supplier) { s.OrgNumber = "5560360793" }, map[string]string{
			"org_number": "Enter a Swedish organisation number as six digits, a hyphen and four digits, such as 556036-0793; check the last digit."}},
		{"foreign number with odd characters", func(s *Supplier) { s.Country, s.OrgNumber = "DK", "CVR#123" }, map[string]string{
			"org_number": "Enter the company registration number with letters, digits, spaces, hyphens, dots or slashes only, at most 40 characters."}},
		{"not a supplier", func(s *Supplier) { s.Kind = OrgRegion; s.CountyCode = "25" }, map[string]string{
			"kind": "A supplier must be an organisation of the kind supplier."}},
		{"no country", func(s *Supplier) { s.Country = ""; s.OrgNumber = "" }, map[string]string{
			"country": "Enter the country where the supplier is registered, as a two-letter ISO code such as SE."}},
		{"no name", func(s *Supplier) { s.Name = "" }, map[string]string{"name": "Enter a name."}},
		{"former name equals current", func(s *Supplier) { s.FormerNames = []string{"Sylak", " observe medical"} }, map[string]string{
			"former_names[1]": "A former name cannot be the same as the current name."}},
		{"former name twice", func(s *Supplier) { s.FormerNames = []string{"Sylak", "SYLAK"} }, map[string]string{
			"former_names[1]": "The former name SYLAK is listed more than once."}},
		{"empty former name", func(s *Supplier) { s.FormerNames = []string{" "} }, map[string]string{
			"former_names[0]": "Enter the former name, or remove the empty line."}},
		{"own parent", func(s *Supplier) { s.ParentOrgID = 21 }, map[string]string{
			"parent_org_id": "A company cannot be its own parent company."}},
		{"profile of another organisation", func(s *Supplier) { s.OrgID = 22 }, map[string]string{
			"org_id": "The supplier profile belongs to another organisation."}},
		{"contact without name and means", func(s *Supplier) { s.Contacts = append(s.Contacts, Contact{Role: "CEO"}) }, map[string]string{
			"contacts[1].name":  "Enter the contact person's name.",
			"contacts[1].email": "Enter an e-mail address or a phone number so that the contact can be reached.",
		}},
		{"contact with bad e-mail and phone", func(s *Supplier) { s.Contacts[0].Email, s.Contacts[0].Phone = "eva.ek", "call me" }, map[string]string{
			"contacts[0].email": "Enter an e-mail address such as name@supplier.com.",
			"contacts[0].phone": "Enter the phone number with digits, spaces, hyphens and an optional leading +, such as +46 8 123 456 78.",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := observeMedical()
			tt.edit(&s)
			err := s.Validate()
			if tt.fields == nil {
				if err != nil {
					t.Fatalf("refused: %v %v", err, fieldStrings(err))
				}
				return
			}
			if ErrorCode(err) != EINVALID {
				t.Fatalf("code %q, want EINVALID", ErrorCode(err))
			}
			if got := fieldStrings(err); !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields\n got %v\nwant %v", got, tt.fields)
			}
		})
	}
}

func TestSupplierProfileValidate(t *testing.T) {
	p := SupplierProfile{OrgID: 5, ParentOrgID: 5}
	if got := fieldStrings(p.Validate()); !reflect.DeepEqual(got, map[string]string{"parent_org_id": "A company cannot be its own parent company."}) {
		t.Errorf("fields %v", got)
	}
	p.ParentOrgID = 0
	if err := p.Validate(); err != nil {
		t.Errorf("empty profile refused: %v", err)
	}
}

func TestSupplierNames(t *testing.T) {
	s := observeMedical()
	for _, name := range []string{"Observe Medical", " observe medical ", "Sylak", "SYLAK"} {
		if !s.HasName(name) {
			t.Errorf("HasName(%q) = false", name)
		}
	}
	for _, name := range []string{"", "Stille", "Sylak AB"} {
		if s.HasName(name) {
			t.Errorf("HasName(%q) = true", name)
		}
	}
	if got := s.DisplayName().String(); got != "Observe Medical (formerly Sylak)" {
		t.Errorf("DisplayName = %q", got)
	}
	s.FormerNames = nil
	if got := s.DisplayName().String(); got != "Observe Medical" {
		t.Errorf("DisplayName = %q", got)
	}
}

func TestContractValidate(t *testing.T) {
	ok := func() Contract {
		return Contract{RegionID: 25, SupplierID: 21, CategoryID: 1, Reference: "RN 2020-123", OCID: "ocds-213czf-000-00001",
			Start: day(2020, 1, 1), End: day(2023, 12, 31)}
	}
	for _, tt := range []struct {
		name   string
		edit   func(c *Contract)
		fields map[string]string
	}{
		{"valid", func(c *Contract) {}, nil},
		{"without ocid", func(c *Contract) { c.OCID = "" }, nil},
		{"one day", func(c *Contract) { c.End = day(2020, 1, 2) }, nil},
		{"nothing", func(c *Contract) { *c = Contract{} }, map[string]string{
			"region_id":   "Choose the region that holds the contract.",
			"supplier_id": "Choose the supplier.",
			"category_id": "Choose the procurement category.",
			"reference":   "Enter the contract reference, such as the procurement's case number.",
			"start":       "Enter the date the contract starts.",
			"end":         "Enter the date the contract ends.",
		}},
		{"end before start", func(c *Contract) { c.End = day(2019, 12, 31) }, map[string]string{"end": "The end date must come after the start date."}},
		{"end on start day", func(c *Contract) { c.End = ts(2020, 1, 1, 15) }, map[string]string{"end": "The end date must come after the start date."}},
		{"long reference", func(c *Contract) { c.Reference = strings.Repeat("x", 101) }, map[string]string{"reference": "The reference can be at most 100 characters."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := ok()
			tt.edit(&c)
			err := c.Validate()
			if got := fieldStrings(err); !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields\n got %v\nwant %v", got, tt.fields)
			}
		})
	}
	const ocidMsg = "Enter the Open Contracting ocid as published, such as ocds-213czf-000-00001, or leave it empty."
	for ocid, valid := range map[string]bool{
		"ocds-213czf-000-00001":          true,
		"ocds-b5fd17-suppliers-2022-017": true,
		"ocds-a1-X":                      true,
		"ocds-":                          false,
		"ocds-213czf":                    false,
		"ocds-213czf-":                   false,
		"ocds--000-00001":                false,
		"OCDS-213czf-000-00001":          false,
		"ocds-213CZF-000-00001":          false,
		"ocds-213czf-000 00001":          false,
		"213czf-000-00001":               false,
	} {
		c := ok()
		c.OCID = ocid
		var want map[string]string
		if !valid {
			want = map[string]string{"ocid": ocidMsg}
		}
		if got := fieldStrings(c.Validate()); !reflect.DeepEqual(got, want) {
			t.Errorf("ocid %q: fields %v, want %v", ocid, got, want)
		}
		if ValidOCID(ocid) != valid {
			t.Errorf("ValidOCID(%q) = %v", ocid, !valid)
		}
	}
}

func TestContractActiveOn(t *testing.T) {
	c := Contract{Start: day(2020, 1, 1), End: day(2021, 12, 31)}
	for _, tt := range []struct {
		d    time.Time
		want bool
	}{
		{ts(2019, 12, 31, 23), false},
		{day(2020, 1, 1), true},
		{ts(2021, 6, 1, 12), true},
		{ts(2021, 12, 31, 23), true},
		{day(2022, 1, 1), false},
	} {
		if got := c.ActiveOn(tt.d); got != tt.want {
			t.Errorf("ActiveOn(%s) = %v, want %v", tt.d, got, tt.want)
		}
	}
	open := Contract{Start: day(2020, 1, 1)}
	if !open.ActiveOn(day(2040, 1, 1)) {
		t.Error("a contract without end date should stay active")
	}
}

func TestProductionSiteValidate(t *testing.T) {
	ok := func() ProductionSite {
		return ProductionSite{SupplierID: 21, Name: "Kanwar Instruments Works", Address: "Small Industrial Estate", City: "Sialkot",
			Country: "PK", OSHubID: "PK2019085AB1C2D", Products: []string{"Scissors", "Forceps"}}
	}
	for _, tt := range []struct {
		name   string
		edit   func(s *ProductionSite)
		fields map[string]string
	}{
		{"valid", func(s *ProductionSite) {}, nil},
		{"without hub id and products", func(s *ProductionSite) { s.OSHubID, s.Products = "", nil }, nil},
		{"shortest hub id", func(s *ProductionSite) { s.OSHubID = "PK201908" }, nil},
		{"nothing", func(s *ProductionSite) { *s = ProductionSite{} }, map[string]string{
			"supplier_id": "Choose the supplier the site belongs to.",
			"name":        "Enter the name of the production site.",
			"city":        "Enter the city or town where the site is, such as Sialkot.",
			"country":     "Enter the country as a two-letter ISO code, such as PK.",
		}},
		{"lower-case country", func(s *ProductionSite) { s.Country = "pk" }, map[string]string{"country": "Enter the country as a two-letter ISO code, such as SE or PK."}},
		{"short hub id", func(s *ProductionSite) { s.OSHubID = "PK20190" }, map[string]string{
			"os_hub_id": "Enter the Open Supply Hub ID as shown on its facility page: 8 to 20 letters and digits, such as PK2019085AB1C2D."}},
		{"long hub id", func(s *ProductionSite) { s.OSHubID = "PK2019085AB1C2D123456" }, map[string]string{
			"os_hub_id": "Enter the Open Supply Hub ID as shown on its facility page: 8 to 20 letters and digits, such as PK2019085AB1C2D."}},
		{"hub id with a hyphen", func(s *ProductionSite) { s.OSHubID = "PK-2019085AB1C2D" }, map[string]string{
			"os_hub_id": "Enter the Open Supply Hub ID as shown on its facility page: 8 to 20 letters and digits, such as PK2019085AB1C2D."}},
		{"products empty and twice", func(s *ProductionSite) { s.Products = []string{"Scissors", "", "scissors "} }, map[string]string{
			"products[1]": "Enter the product, or remove the empty line.",
			"products[2]": "The product scissors is listed more than once.",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := ok()
			tt.edit(&s)
			if got := fieldStrings(s.Validate()); !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields\n got %v\nwant %v", got, tt.fields)
			}
		})
	}
}

func TestLuhnValid(t *testing.T) {
	// Luhn over other lengths, as a check of the helper itself.
	for s, want := range map[string]bool{"79927398713": true, "79927398710": false, "0": true, "18": true, "19": false} {
		if got := luhnValid(s); got != want {
			t.Errorf("luhnValid(%s) = %v", s, got)
		}
	}
}
