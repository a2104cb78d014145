package bench
import ("testing";"context";"time";"io";"os";"fmt";"github.com/tillit-project/tillit/internal/scale";"github.com/tillit-project/tillit/internal/sqldb")
func TestDbgStatements(t *testing.T){
 dsn := os.Getenv("DBG_DSN"); if dsn=="" {t.Skip()}
 ctx:=context.Background()
 db,err:=sqldb.Open(ctx,dsn); if err!=nil{t.Fatal(err)}
 facts,err:=db.FindKeyPageFacts(ctx); if err!=nil{t.Fatal(err)}
 pages:=scale.KeyPages(facts)
 s,err:=newSession(ctx,db,pages); if err!=nil{t.Fatal(err)}
 c,err:=capture(ctx,db,s,pages); if err!=nil{t.Fatal(err)}
 for i,p:=range pages{
  if os.Getenv("DBG_PAGE") != "" && os.Getenv("DBG_PAGE") != fmt.Sprint(i) {continue}
  fmt.Printf("== %s\n", p.Name)
  for _,st:=range c[i].stmts{
   var best time.Duration; var n int
   for range 5 { t0:=time.Now(); n,err=db.RunBare(ctx,[]sqldb.Statement{st},io.Discard); d:=time.Since(t0); if best==0||d<best {best=d} }
   q:=st.SQL; if len(q)>110 {q=q[:110]}
   fmt.Printf("%8.2fms %6d rows %v  %s\n", float64(best.Microseconds())/1000, n, err, q)
  }
 }
}
